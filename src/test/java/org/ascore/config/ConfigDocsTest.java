package org.ascore.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps docs/configuration.md's key table in step with the declarations in {@link JobConfig.Key}:
 * every key's row, with its default, allowed values and one-line doc, is the one the declaration
 * gives; and conf/ascore.conf, which says it lists the defaults, is the text written from them.
 * Run with {@code -Dascore.write-config-docs=true} to rewrite both files from the declarations.
 */
class ConfigDocsTest {
    private static final Path DOC = Path.of("docs/configuration.md");
    private static final Path CONF = Path.of("conf/ascore.conf");
    private static final boolean WRITE = Boolean.getBoolean("ascore.write-config-docs");

    static String row(Param<?> k) {
        String name = k.key().substring("ascore.".length());
        String def = k.defaultValue().isEmpty() ? "" : "`" + k.defaultValue() + "`";
        return "| `" + name + "` | " + def + " | " + k.allowed() + " | " + k.help() + " |";
    }

    @Test
    void everyKeyHasItsDeclaredRow() throws IOException {
        if (WRITE) {
            String doc = Files.readString(DOC);
            int start = doc.indexOf("| key (`ascore.` prefix)");
            int end = doc.indexOf("\n\n", start);
            Files.writeString(DOC, doc.substring(0, start) + ConfigDocs.markdownTable()
                    + doc.substring(end < 0 ? doc.length() : end + 1));
        }
        String doc = Files.readString(DOC);
        StringJoiner table = new StringJoiner("\n");
        boolean all = true;
        for (Param<?> k : JobConfig.Key.ALL) {
            table.add(row(k));
            all &= doc.contains(row(k) + "\n");
        }
        assertTrue(all, "docs/configuration.md's key table differs from JobConfig.Key; it should read:\n"
                + "| key (`ascore.` prefix) | default | allowed | meaning |\n|---|---|---|---|\n" + table);
        assertTrue(doc.contains(ConfigDocs.markdownTable()), "the table, whole and in declaration order:\n"
                + ConfigDocs.markdownTable());
    }

    @Test
    void theShippedConfigFileIsTheOneWrittenFromTheDeclarations() throws IOException {
        if (WRITE) {
            Files.writeString(CONF, ConfigDocs.confFile());
        }
        assertEquals(ConfigDocs.confFile(), Files.readString(CONF));
    }

    @Test
    void theShippedConfigFileHoldsTheDeclaredDefaults() {
        Config conf = ConfigFactory.parseFile(CONF.toFile());
        int listed = 0;
        for (Param<?> k : JobConfig.Key.ALL) {
            if (conf.hasPath(k.key())) {
                listed++;
                assertEquals(normal(k.defaultValue()), normal(conf.getString(k.key())), k.key());
            }
        }
        assertTrue(listed >= JobConfig.Key.ALL.size() - 6, "conf/ascore.conf lists only " + listed + " keys");
    }

    @Test
    void everyKeyTheDocsNameIsDeclared() throws IOException {
        Pattern named = Pattern.compile("(?<![\\w./-])ascore\\.([a-z][a-z-]*(?:\\.[a-z][a-z-]*)?)");
        Set<String> declared = JobConfig.Key.ALL.stream().map(Param::key).collect(Collectors.toSet());
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md"), Path.of("BENCHMARKS.md")));
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> unknown = new ArrayList<>();
        for (Path doc : docs) {
            Matcher m = named.matcher(Files.readString(doc));
            while (m.find()) {
                if (!declared.contains(m.group()) && !m.group().equals("ascore.conf")) {
                    unknown.add(doc + ": " + m.group());
                }
            }
        }
        assertTrue(unknown.isEmpty(), "the docs name keys that are not declared: " + unknown);
    }

    /** 1e-6 and 0.000001 are one value. */
    private static String normal(String v) {
        try {
            return new java.math.BigDecimal(v).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
