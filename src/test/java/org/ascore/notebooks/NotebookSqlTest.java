package org.ascore.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.notebooks.NotebookQueries.Statement;
import org.ascore.report.TwoRuns;
import org.ascore.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.ascore.notebooks.NotebookQueries.NOTEBOOKS;
import static org.ascore.notebooks.NotebookQueries.notebooks;
import static org.ascore.notebooks.NotebookQueries.read;
import static org.ascore.notebooks.NotebookQueries.statements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every SQL cell of every notebook under notebooks/, in order, against the tables of two real
 * pipeline runs: a notebook that a schema change breaks fails here, not in front of its reader.
 * A query must return rows unless its cell is tagged {@code may-be-empty}.
 */
class NotebookSqlTest {
    static SparkSession spark;
    static String out;

    @BeforeAll
    static void runThePipelineTwice() {
        out = TwoRuns.out().toAbsolutePath().toString();
        spark = SparkTestSession.get();
    }

    static String substitute(String sql) {
        return sql.replace(NotebookQueries.PLACEHOLDER, out);
    }

    @Test
    void everyNotebookIsNbformat4() {
        List<Path> all = notebooks();
        assertTrue(all.size() >= 4, "notebooks: " + all);
        for (Path nb : all) {
            JsonNode root = read(nb);
            assertEquals(4, root.path("nbformat").asInt(), nb + ": nbformat");
            int minor = root.path("nbformat_minor").asInt(-1);
            assertTrue(minor >= 0, nb + ": nbformat_minor");
            assertTrue(root.path("metadata").isObject(), nb + ": metadata");
            assertTrue(root.path("cells").isArray() && root.path("cells").size() > 0, nb + ": cells");
            Set<String> ids = new HashSet<>();
            for (JsonNode cell : root.get("cells")) {
                String type = cell.path("cell_type").asText();
                assertTrue(Set.of("markdown", "code", "raw").contains(type), nb + ": cell_type " + type);
                assertTrue(cell.path("metadata").isObject(), nb + ": cell metadata");
                assertTrue(cell.path("source").isArray() || cell.path("source").isTextual(), nb + ": cell source");
                if (type.equals("code")) {
                    assertTrue(cell.path("outputs").isArray(), nb + ": code cell outputs");
                    assertTrue(cell.has("execution_count"), nb + ": code cell execution_count");
                }
                if (minor >= 5) {
                    String id = cell.path("id").asText("");
                    assertTrue(id.matches("[a-zA-Z0-9_-]{1,64}") && ids.add(id), nb + ": cell id '" + id + "'");
                }
            }
        }
    }

    @Test
    void everyNotebookRegistersTheCommittedTablesFirstAndHoldsOneStatementPerSqlCell() {
        for (Path nb : notebooks()) {
            List<Statement> sql = statements(nb);
            assertTrue(sql.size() >= 5, nb + " has too few SQL cells");
            List<Statement> views = sql.stream().takeWhile(s -> !s.isQuery()).toList();
            assertTrue(views.stream().anyMatch(s -> s.sql().contains("VIEW ascore_runs AS")
                    && s.sql().contains("max_by(attempt, committed_at)") && s.sql().contains("`{out}/runs`")),
                    nb + " does not define ascore_runs from the commit records before its queries");
            for (String table : List.of("scores", "summary", "rankings")) {
                assertTrue(views.stream().anyMatch(s -> s.sql().contains("VIEW ascore_" + table + " AS")
                        && s.sql().contains("`{out}/" + table + "`")
                        && s.sql().contains("LEFT SEMI JOIN ascore_runs")
                        && s.sql().contains("t.attempt = r.attempt")),
                        nb + " does not register the committed rows of " + table + " before its queries");
            }
            for (Statement s : sql) {
                String body = s.sql().strip();
                if (body.endsWith(";")) {
                    body = body.substring(0, body.length() - 1);
                }
                assertFalse(body.isBlank(), nb + " cell " + s.cellId() + " is empty");
                assertFalse(body.contains(";"), nb + " cell " + s.cellId() + " holds more than one statement");
                assertFalse(s.sql().matches("(?s).*`\\{out}/(scores|summary|rankings)`.*")
                        && !s.sql().contains("LEFT SEMI JOIN ascore_runs"),
                        nb + " cell " + s.cellId() + " reads a table without its commit records");
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyStatementRunsAndEveryQueryReturnsRows() {
        return notebooks().stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
            for (Statement s : statements(nb)) {
                String sql = substitute(s.sql());
                assertFalse(sql.contains("{out}"), s.cellId() + ": unreplaced placeholder");
                List<Row> rows;
                try {
                    rows = spark.sql(sql).collectAsList();
                } catch (Exception e) {
                    throw new AssertionError(s.notebook() + " cell " + s.cellId() + " failed: " + e.getMessage()
                            + "\n" + sql, e);
                }
                if (s.isQuery() && !s.mayBeEmpty()) {
                    assertFalse(rows.isEmpty(), s.notebook() + " cell " + s.cellId() + " returned no rows:\n" + sql);
                }
            }
        }));
    }

    @Test
    void everyNotebookRequiresOutAndDefinesItsOwnSqlMagic() {
        for (Path nb : notebooks()) {
            List<String> code = new ArrayList<>();
            String parameters = null;
            for (JsonNode cell : read(nb).get("cells")) {
                if (!"code".equals(cell.path("cell_type").asText())) {
                    continue;
                }
                String src = NotebookQueries.source(cell);
                code.add(src);
                for (JsonNode tag : cell.path("metadata").path("tags")) {
                    parameters = "parameters".equals(tag.asText()) ? src : parameters;
                }
                assertFalse(src.startsWith("%%sql"), nb + ": a %%sql cell clashes with jupysql/ipython-sql");
                assertFalse(src.contains("${"), nb + ": Databricks' deprecated ${...} widget syntax");
            }
            assertTrue(parameters != null && Pattern.compile("(?m)^out = None\\b").matcher(parameters).find(),
                    nb + ": the parameters cell must leave out unset (out = None)");
            String setup = code.stream().filter(s -> s.contains("def ascore_sql(line, cell)")).findFirst()
                    .orElseGet(() -> fail(nb + " defines no %%ascore_sql magic"));
            assertTrue(setup.contains("@register_cell_magic") && setup.contains("(truncated")
                    && setup.contains("if not out:") && setup.contains("os.path.isabs(out)")
                    && setup.contains(".replace(\"{out}\", out)"),
                    nb + ": the setup cell must refuse a missing or relative out, replace {out} and report cuts");
        }
    }

    @Test
    void theExactCdfsListTheRealSetFirstSoACutDropsGeneratedRowsOnly() {
        runViews(statements(NOTEBOOKS.resolve("02-distributions.ipynb")));
        List<Statement> exact = statements(NOTEBOOKS.resolve("02-distributions.ipynb")).stream()
                .filter(s -> s.sql().contains("cume_dist()")).toList();
        assertEquals(2, exact.size(), "the exact CDFs of C and V");
        for (Statement s : exact) {
            Map<String, List<String>> splitsByModel = new LinkedHashMap<>();
            for (Row r : spark.sql(substitute(s.sql())).collectAsList()) {
                splitsByModel.computeIfAbsent(r.getAs("feature_model"), k -> new ArrayList<>()).add(r.getAs("split"));
            }
            assertFalse(splitsByModel.isEmpty(), s.cellId() + " returned no rows");
            splitsByModel.forEach((model, splits) -> {
                int firstGenerated = splits.indexOf("generated");
                assertTrue(firstGenerated > 0 && splits.lastIndexOf("real") < firstGenerated,
                        s.cellId() + " " + model + ": real rows must all come before generated ones: " + splits);
            });
        }
    }

    @Test
    void theQueriesSeeBothRunsAndTheFailures() {
        runViews(statements(NOTEBOOKS.resolve("01-as-history.ipynb")));
        assertEquals(2, spark.sql("SELECT DISTINCT run_id FROM ascore_summary").count());
        Statement history = find("01-as-history.ipynb", "change_since_previous_run");
        List<Row> rows = spark.sql(substitute(history.sql())).collectAsList();
        assertEquals(2 * 2, rows.size(), "two sources × two runs");
        Statement byStatus = find("03-images-and-failures.ipynb", "WHERE status <> 'ok'");
        List<Row> failures = spark.sql(substitute(byStatus.sql())).collectAsList();
        Set<String> statuses = new HashSet<>();
        failures.forEach(r -> statuses.add(r.getString(r.fieldIndex("status"))));
        assertEquals(Set.of("decode_error", "empty_file"), statuses);
        Statement top = find("03-images-and-failures.ipynb", "WHERE r.rank <= 50");
        assertEquals(2 * TwoRuns.PER_SOURCE, spark.sql(substitute(top.sql())).count(), "both sources, all ranks");
    }

    @Test
    void aColumnTheNotebooksUseThatDisappearsFailsTheirQueries() {
        runViews(statements(NOTEBOOKS.resolve("01-as-history.ipynb")));
        spark.table("ascore_summary").drop("as_d").createOrReplaceTempView("ascore_summary");
        try {
            Statement history = find("01-as-history.ipynb", "change_since_previous_run");
            assertThrows(AnalysisException.class, () -> spark.sql(substitute(history.sql())).collectAsList());
        } finally {
            runViews(statements(NOTEBOOKS.resolve("01-as-history.ipynb")));
        }
    }

    private static void runViews(List<Statement> statements) {
        statements.stream().filter(s -> !s.isQuery()).forEach(s -> spark.sql(substitute(s.sql())));
    }

    private static Statement find(String notebook, String fragment) {
        return statements(NOTEBOOKS.resolve(notebook)).stream().filter(s -> s.sql().contains(fragment)).findFirst()
                .orElseGet(() -> fail(notebook + " has no SQL cell containing " + fragment));
    }
}
