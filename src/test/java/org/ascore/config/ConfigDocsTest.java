package org.ascore.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps docs/configuration.md's key table in step with the declarations in {@link JobConfig.Key}:
 * every key's row, with its default and its one-line doc, is the one the declaration gives.
 */
class ConfigDocsTest {
    static String row(JobConfig.Key k) {
        String name = k.key().substring("ascore.".length());
        String def = k.defaultValue().isEmpty() ? "" : "`" + k.defaultValue() + "`";
        return "| `" + name + "` | " + def + " | " + k.help() + " |";
    }

    @Test
    void everyKeyHasItsDeclaredRow() throws IOException {
        String doc = Files.readString(Path.of("docs/configuration.md"));
        StringJoiner table = new StringJoiner("\n");
        boolean all = true;
        for (JobConfig.Key k : JobConfig.Key.values()) {
            table.add(row(k));
            all &= doc.contains(row(k) + "\n");
        }
        assertTrue(all, "docs/configuration.md's key table differs from JobConfig.Key; it should read:\n"
                + "| key (`ascore.` prefix) | default | meaning |\n|---|---|---|\n" + table);
    }
}
