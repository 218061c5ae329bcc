package org.ascore.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.report.TwoRuns;
import org.ascore.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

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
    static final Path NOTEBOOKS = Path.of("notebooks");
    static final String MAGIC = "%%sql";
    static final String MAY_BE_EMPTY = "may-be-empty";

    record Statement(String notebook, String cellId, String sql, boolean mayBeEmpty) {
        boolean isQuery() {
            String head = sql.stripLeading().toUpperCase(Locale.ROOT);
            return head.startsWith("SELECT") || head.startsWith("WITH");
        }
    }

    static SparkSession spark;
    static String out;

    @BeforeAll
    static void runThePipelineTwice() {
        out = TwoRuns.out().toAbsolutePath().toString();
        spark = SparkTestSession.get();
    }

    static List<Path> notebooks() {
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path notebook) {
        try {
            return new ObjectMapper().readTree(notebook.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + notebook, e);
        }
    }

    static String source(JsonNode cell) {
        JsonNode s = cell.get("source");
        if (s.isTextual()) {
            return s.asText();
        }
        StringBuilder b = new StringBuilder();
        s.forEach(line -> b.append(line.asText()));
        return b.toString();
    }

    /** The SQL cells of a notebook, with the magic line removed and ${out} replaced. */
    static List<Statement> statements(Path notebook) {
        List<Statement> out = new ArrayList<>();
        for (JsonNode cell : read(notebook).get("cells")) {
            String src = source(cell);
            if (!"code".equals(cell.get("cell_type").asText()) || !src.startsWith(MAGIC)) {
                continue;
            }
            int nl = src.indexOf('\n');
            String sql = nl < 0 ? "" : src.substring(nl + 1);
            boolean mayBeEmpty = false;
            for (JsonNode tag : cell.path("metadata").path("tags")) {
                mayBeEmpty |= MAY_BE_EMPTY.equals(tag.asText());
            }
            out.add(new Statement(notebook.getFileName().toString(), cell.path("id").asText("?"), sql, mayBeEmpty));
        }
        return out;
    }

    static String substitute(String sql) {
        return sql.replace("${out}", out);
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
    void everyNotebookRegistersTheTablesFirstAndHoldsOneStatementPerSqlCell() {
        for (Path nb : notebooks()) {
            List<Statement> sql = statements(nb);
            assertTrue(sql.size() >= 5, nb + " has too few SQL cells");
            for (String table : List.of("scores", "summary", "rankings")) {
                assertTrue(sql.stream().limit(4).anyMatch(s -> s.sql().contains("VIEW ascore_" + table + " USING parquet")
                        && s.sql().contains("'${out}/" + table + "'")), nb + " does not register " + table + " first");
            }
            for (Statement s : sql) {
                String body = s.sql().strip();
                if (body.endsWith(";")) {
                    body = body.substring(0, body.length() - 1);
                }
                assertFalse(body.isBlank(), nb + " cell " + s.cellId() + " is empty");
                assertFalse(body.contains(";"), nb + " cell " + s.cellId() + " holds more than one statement");
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyStatementRunsAndEveryQueryReturnsRows() {
        return notebooks().stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
            for (Statement s : statements(nb)) {
                String sql = substitute(s.sql());
                assertFalse(sql.contains("${"), s.cellId() + ": unreplaced placeholder");
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
