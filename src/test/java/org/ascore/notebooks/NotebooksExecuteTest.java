package org.ascore.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.notebooks.NotebookQueries.Statement;
import org.ascore.report.TwoRuns;
import org.ascore.testing.RequiredTool;
import org.ascore.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.ascore.notebooks.NotebookQueries.notebooks;
import static org.ascore.notebooks.NotebookQueries.statements;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Executes every code cell of every notebook under notebooks/ in a Jupyter kernel (nbclient), over
 * the tables of two real pipeline runs, and checks what the cells show against those tables read
 * directly. No pyspark can be installed here, so the kernel imports a stub
 * (src/test/python/stub_pyspark) that answers each {@code %%ascore_sql} statement with the rows real
 * Spark returned for it just before: the Python cells (setup, magic, plots, thumbnails) run as
 * written, on Spark's own results and column types. Needs python3 with nbclient, ipykernel, pandas,
 * pyarrow and matplotlib: skipped without them, required under CI=true ({@link RequiredTool}).
 */
class NotebooksExecuteTest {
    private static final Logger LOG = LoggerFactory.getLogger(NotebooksExecuteTest.class);
    private static final String PYTHON = "python3";
    private static final String MODULES = "nbclient, nbformat, ipykernel, pandas, pyarrow, matplotlib";
    private static final String INSTALL = "`python3 -m pip install nbclient ipykernel pandas pyarrow matplotlib`"
            + " (.ci/run does)";
    private static final Path STUB = Path.of("src", "test", "python", "stub_pyspark");
    private static final Path RUNNER = Path.of("src", "test", "python", "execute_notebooks.py");
    private static final long TIMEOUT_S = 600;
    /** Notebook 03's thumbnails per source, and their largest side in pixels (its PER_SOURCE, THUMB_PX). */
    private static final int THUMBS_PER_SOURCE = 8;
    private static final int THUMB_PX = 128;
    private static final Pattern IMG = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"[^>]*"
            + "title=\"([^\"]+)\"><figcaption[^>]*>([^<]+)</figcaption>");

    @TempDir
    static Path tmp;
    static Path out;
    /** Why python3 cannot run the notebooks, or null when it can. */
    static String missing;
    /** The executed notebooks by file name. */
    static final Map<String, JsonNode> executed = new TreeMap<>();

    @BeforeAll
    static void executeEveryNotebook() throws Exception {
        missing = run(List.of(PYTHON, "-c", "import " + MODULES), Map.of(), 120);
        if (missing != null) {
            return; // each test then reports the skip (a skip in @BeforeAll would not show in the report)
        }
        out = TwoRuns.out().toAbsolutePath();
        long start = System.nanoTime();
        Path answers = recordSparkAnswers(SparkTestSession.get(), out.toString(), tmp.resolve("answers"));
        long recorded = System.nanoTime();
        Path result = Files.createDirectories(tmp.resolve("executed"));
        List<String> cmd = new ArrayList<>(List.of(PYTHON, RUNNER.toString(), out.toString(), result.toString()));
        notebooks().forEach(nb -> cmd.add(nb.toString()));
        String old = System.getenv("PYTHONPATH");
        String path = STUB.toAbsolutePath() + (old == null || old.isEmpty() ? "" : ":" + old);
        String failure = run(cmd, Map.of("PYTHONPATH", path, "ASCORE_NOTEBOOK_ANSWERS", answers.toString()), TIMEOUT_S);
        assertEquals(null, failure, "a notebook cell failed");
        LOG.info("Spark answered the notebooks' SQL in {} s; the kernels ran every cell in {} s",
                (recorded - start) / 1_000_000_000, (System.nanoTime() - recorded) / 1_000_000_000);
        for (Path nb : notebooks()) {
            String name = nb.getFileName().toString();
            executed.put(name, NotebookQueries.read(result.resolve(name)));
        }
    }

    @BeforeEach
    void requirePython() {
        RequiredTool.require("python3 with " + MODULES, missing == null,
                missing == null ? null : missing.substring(missing.lastIndexOf('\n') + 1), INSTALL);
    }

    /**
     * Runs every SQL statement of every notebook in order on Spark, writes each query's rows as
     * Parquet and lists statement and folder in answers.json, the stub's input.
     */
    static Path recordSparkAnswers(SparkSession spark, String out, Path dir) throws IOException {
        List<Map<String, String>> answers = new ArrayList<>();
        Set<String> recorded = new HashSet<>();
        for (Path nb : notebooks()) {
            for (Statement s : statements(nb)) {
                String sql = s.with(out);
                Dataset<Row> rows = spark.sql(sql);
                if (!recorded.add(sql.strip())) {
                    continue;
                }
                Map<String, String> answer = new LinkedHashMap<>();
                answer.put("sql", sql);
                answer.put("rows", null);
                if (s.isQuery()) {
                    answer.put("rows", "rows-" + answers.size());
                    rows.coalesce(1).write().parquet(dir.resolve(answer.get("rows")).toString());
                }
                answers.add(answer);
            }
        }
        Path file = Files.createDirectories(dir).resolve("answers.json");
        new ObjectMapper().writeValue(file.toFile(), answers);
        return file;
    }

    @Test
    void everyCodeCellRanWithoutAnErrorOutput() {
        assertEquals(notebooks().size(), executed.size());
        executed.forEach((name, nb) -> {
            for (JsonNode cell : nb.get("cells")) {
                if ("code".equals(cell.path("cell_type").asText())) {
                    assertTrue(cell.path("execution_count").isInt(), name + " cell " + cell.path("id") + " did not run");
                    for (JsonNode o : cell.path("outputs")) {
                        assertFalse("error".equals(o.path("output_type").asText()), name + " cell "
                                + cell.path("id") + ": " + o);
                    }
                }
            }
            assertTrue(text(cell(nb, name.replace(".ipynb", "-requirements"))).contains("pyspark 4.0-stub"),
                    name + ": the requirements cell must print the versions the kernel found");
        });
    }

    @Test
    void theLatestRunCellShowsEachSourcesAsOfTheSummaryTable() {
        List<Map<String, String>> shown = htmlTable(cell(executed.get("01-as-history.ipynb"), "01-as-history-10"));
        Map<String, Double> expected = new TreeMap<>();
        for (Row r : SparkTestSession.get().read().parquet(out.resolve("summary").toString())
                .where("run_id = '" + TwoRuns.SECOND + "'").select("source", "as_d").collectAsList()) {
            expected.put(r.getString(0), r.isNullAt(1) ? null : r.getDouble(1));
        }
        assertEquals(expected.keySet(), new TreeSet<>(shown.stream().map(m -> m.get("source")).toList()));
        assertEquals(expected.size(), shown.size(), "one row per source: " + shown);
        for (Map<String, String> row : shown) {
            assertEquals(TwoRuns.SECOND, row.get("run_id"), "the latest run");
            assertEquals(TwoRuns.FEATURE_MODEL, row.get("feature_model"));
            Double as = expected.get(row.get("source"));
            if (as == null) {
                assertTrue(Set.of("NaN", "None", "<NA>").contains(row.get("as_d")), row.toString());
            } else {
                assertEquals(as, Double.parseDouble(row.get("as_d")), 0.5e-4 + 1e-12, row.toString());
            }
        }
    }

    @Test
    void theThumbnailCellShowsTheRankedImagesThemselves() throws IOException {
        String html = htmlOf(cell(executed.get("03-images-and-failures.ipynb"), "03-images-and-failures-thumbnails"));
        assertFalse(html.contains("not shown") || html.contains("No image could be shown"), html);
        Matcher m = IMG.matcher(html);
        Map<String, Integer> perSource = new TreeMap<>();
        while (m.find()) {
            BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))));
            String path = m.group(2);
            BufferedImage original = ImageIO.read((path.startsWith("file:") ? Path.of(URI.create(path)) : Path.of(path))
                    .toFile());
            assertNotNull(original, path);
            assertTrue(thumb.getWidth() <= THUMB_PX && thumb.getHeight() <= THUMB_PX, path);
            // The demo images are smaller than a thumbnail, so Pillow keeps them as they are.
            assertEquals(original.getWidth(), thumb.getWidth(), path);
            assertEquals(original.getHeight(), thumb.getHeight(), path);
            for (int y = 0; y < thumb.getHeight(); y++) {
                for (int x = 0; x < thumb.getWidth(); x++) {
                    for (int b = 0; b < thumb.getRaster().getNumBands(); b++) {
                        int band = Math.min(b, original.getRaster().getNumBands() - 1);
                        assertEquals(original.getRaster().getSample(x, y, band), thumb.getRaster().getSample(x, y, b),
                                path + " at " + x + "," + y);
                    }
                }
            }
            perSource.merge(m.group(3).split(" ")[0], 1, Integer::sum);
        }
        assertEquals(Map.of("pca-4", THUMBS_PER_SOURCE, "pca-64", THUMBS_PER_SOURCE), perSource, html);
    }

    @Test
    void thePlotCellsDrawAFigure() {
        assertTrue(cell(executed.get("01-as-history.ipynb"), "01-as-history-13").toString().contains("\"image/png\""),
                "the AS history plot");
        assertTrue(cell(executed.get("02-distributions.ipynb"), "02-distributions-13").toString()
                .contains("\"image/png\""), "the CDF plots");
    }

    private static JsonNode cell(JsonNode nb, String id) {
        for (JsonNode cell : nb.get("cells")) {
            if (id.equals(cell.path("id").asText())) {
                return cell;
            }
        }
        return fail("no cell " + id);
    }

    /** A cell's printed text. */
    private static String text(JsonNode cell) {
        StringBuilder b = new StringBuilder();
        for (JsonNode o : cell.path("outputs")) {
            if ("stream".equals(o.path("output_type").asText())) {
                b.append(joined(o.path("text")));
            }
        }
        return b.toString();
    }

    /** A cell's HTML output (a displayed HTML object, or a DataFrame's table). */
    private static String htmlOf(JsonNode cell) {
        for (JsonNode o : cell.path("outputs")) {
            if (o.path("data").has("text/html")) {
                return joined(o.path("data").path("text/html"));
            }
        }
        return fail("cell " + cell.path("id") + " shows no HTML: " + cell.path("outputs"));
    }

    private static String joined(JsonNode text) {
        if (text.isTextual()) {
            return text.asText();
        }
        StringBuilder b = new StringBuilder();
        text.forEach(line -> b.append(line.asText()));
        return b.toString();
    }

    /** The rows of the DataFrame a cell shows, as pandas renders it in HTML, by column name. */
    private static List<Map<String, String>> htmlTable(JsonNode cell) {
        String html = htmlOf(cell);
        List<String> columns = cells(html.substring(html.indexOf("<thead>"), html.indexOf("</thead>")), "th");
        columns = columns.subList(1, columns.size());
        List<Map<String, String>> rows = new ArrayList<>();
        String body = html.substring(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
        for (String tr : body.split("<tr>")) {
            List<String> values = cells(tr, "td");
            if (values.isEmpty()) {
                continue;
            }
            assertEquals(columns.size(), values.size(), tr);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                row.put(columns.get(i), values.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> cells(String html, String tag) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("<" + tag + "[^>]*>([^<]*)</" + tag + ">").matcher(html);
        while (m.find()) {
            values.add(m.group(1).strip());
        }
        return values;
    }

    /** Runs a command; returns null when it exits 0, else its exit status and output. */
    private static String run(List<String> cmd, Map<String, String> env, long timeoutS) throws Exception {
        Path log = Files.createTempFile("notebooks", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return e.getMessage();
            }
            p.getOutputStream().close();
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return String.join(" ", cmd) + " did not finish in " + timeoutS + " s:\n" + Files.readString(log);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
