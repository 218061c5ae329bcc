package org.ascore;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layers of docs/architecture.md hold: no package of src/main/java imports one it may not,
 * the low layers stay free of Spark and Hadoop, and the document lists every package with the
 * imports allowed here.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java/org/ascore");
    private static final String ROOT = "org.ascore";

    /** Which packages each package may import, besides itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            entry("cli", Set.of("report", "pipeline", "io", "config", "metric", "model", "stats", "util", ROOT)),
            entry("report", Set.of("pipeline", "io", "config", "stats", "util", ROOT)),
            entry("pipeline", Set.of("io", "config", "metric", "model", "stats", "util", ROOT)),
            entry("io", Set.of("config", "util", ROOT)),
            entry("config", Set.of("metric", "model", "util", ROOT)),
            entry("metric", Set.of("model", "stats", "util", ROOT)),
            entry("model", Set.of("util", ROOT)),
            entry("stats", Set.of("util", ROOT)),
            entry("util", Set.of()),
            entry(ROOT, Set.of("util")));

    /** Pure layers: the metric and the statistics run and test without a cluster. */
    private static final Set<String> WITHOUT_SPARK = Set.of("config", "metric", "model", "stats", "util", ROOT);

    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.ascore\\.(?:([a-z]\\w*)\\.)?[A-Z]\\w*");
    /** Scanned left to right, so a "//" inside a string or a quote inside a comment is not misread. */
    private static final Pattern LITERAL_OR_COMMENT = Pattern.compile(
            "(?s)//[^\\n]*|/\\*.*?\\*/|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'");
    private static final Pattern SPARK = Pattern.compile("\\borg\\.apache\\.(?:spark|hadoop)\\.[\\w.]+");

    /** The package of a source file: its folder under org/ascore, or {@link #ROOT}. */
    private static String packageOf(Path file) {
        Path dir = SOURCES.relativize(file).getParent();
        return dir == null ? ROOT : dir.toString().replace('/', '.');
    }

    /** Code without comments and string literals, so prose and messages are not read as references. */
    static String code(String source) {
        return LITERAL_OR_COMMENT.matcher(source).replaceAll(" ");
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void readsReferencesFromCodeOnly() {
        String source = "import org.ascore.model.ModelSpec;\n/** {@link org.ascore.cli.Main} */\n"
                + "// org.ascore.report.Html\nString s = \"org.ascore.pipeline.ScoreJob\"; org.ascore.Status x;\n"
                + "String u = \"s3a://b/*\"; char q = '\"'; org.ascore.util.Ids y;";
        List<String> found = new ArrayList<>();
        Matcher m = REFERENCE.matcher(code(source));
        while (m.find()) {
            found.add(m.group());
        }
        assertEquals(List.of("org.ascore.model.ModelSpec", "org.ascore.Status", "org.ascore.util.Ids"), found);
    }

    @Test
    void noPackageImportsOneItMayNot() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String from = packageOf(file);
            Set<String> allowed = ALLOWED.get(from);
            assertTrue(allowed != null, file + " is in package " + from + ", which ArchitectureTest does not know");
            String code = code(Files.readString(file));
            Matcher m = REFERENCE.matcher(code);
            while (m.find()) {
                String to = m.group(1) == null ? ROOT : m.group(1);
                if (!to.equals(from) && !allowed.contains(to)) {
                    violations.add(file + ": " + m.group() + " (" + from + " may not import " + to + ")");
                }
            }
            if (WITHOUT_SPARK.contains(from)) {
                Matcher s = SPARK.matcher(code);
                while (s.find()) {
                    violations.add(file + ": " + s.group() + " (" + from + " is free of Spark and Hadoop)");
                }
            }
        }
        assertEquals(List.of(), violations, "imports against docs/architecture.md");
    }

    @Test
    void theDocumentListsEveryPackageWithTheImportsAllowedHere() throws IOException {
        Set<String> packages = new TreeSet<>();
        for (Path file : sources()) {
            packages.add(packageOf(file));
        }
        assertEquals(new TreeSet<>(ALLOWED.keySet()), packages, "packages of src/main/java against ArchitectureTest");

        Map<String, Set<String>> documented = new TreeMap<>();
        Pattern row = Pattern.compile("(?m)^\\| `([\\w.]+)` \\|[^|]*\\|([^|]*)\\|\\s*$");
        Matcher m = row.matcher(Files.readString(Path.of("docs/architecture.md")));
        while (m.find()) {
            Set<String> imports = new TreeSet<>();
            Matcher name = Pattern.compile("`([\\w.]+)`").matcher(m.group(2));
            while (name.find()) {
                imports.add(name.group(1));
            }
            documented.put(m.group(1), imports);
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        ALLOWED.forEach((p, imports) -> expected.put(p, new TreeSet<>(imports)));
        assertEquals(expected, documented, "the table of docs/architecture.md against ArchitectureTest");
    }
}
