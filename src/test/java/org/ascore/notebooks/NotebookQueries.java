package org.ascore.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The {@code %%ascore_sql} cells of the notebooks under notebooks/, as the notebooks run them. */
public final class NotebookQueries {
    static final Path NOTEBOOKS = Path.of("notebooks");
    static final String MAGIC = "%%ascore_sql";
    /** Replaced by the output root, as the setup cell's magic does. */
    static final String PLACEHOLDER = "{out}";
    static final String MAY_BE_EMPTY = "may-be-empty";

    private NotebookQueries() {
    }

    /** One SQL cell: its statement with the magic line removed, {out} not yet replaced. */
    public record Statement(String notebook, String cellId, String sql, boolean mayBeEmpty) {
        boolean isQuery() {
            String head = sql.stripLeading().toUpperCase(Locale.ROOT);
            return head.startsWith("SELECT") || head.startsWith("WITH");
        }

        String with(String out) {
            return sql.replace(PLACEHOLDER, out);
        }
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

    /** The SQL cells of a notebook, in order. */
    static List<Statement> statements(Path notebook) {
        List<Statement> out = new ArrayList<>();
        for (JsonNode cell : read(notebook).get("cells")) {
            String src = source(cell);
            if (!"code".equals(cell.get("cell_type").asText()) || !src.matches("(?s)" + MAGIC + "[ \n].*")) {
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

    /**
     * Runs every SQL cell of every notebook against an output root and returns the rows of each
     * query, keyed by notebook and cell id, each row as its string form.
     */
    public static Map<String, List<String>> results(SparkSession spark, String out) {
        Map<String, List<String>> results = new LinkedHashMap<>();
        for (Path nb : notebooks()) {
            for (Statement s : statements(nb)) {
                List<Row> rows = spark.sql(s.with(out)).collectAsList();
                if (s.isQuery()) {
                    results.put(s.notebook() + "#" + s.cellId(), rows.stream().map(Row::toString).toList());
                }
            }
        }
        return results;
    }
}
