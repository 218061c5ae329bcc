package org.ascore.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps docs/configuration.md's key table in step with the declarations in {@link JobConfig.Key}:
 * every key's row, with its default and its one-line doc, is the one the declaration gives; and
 * conf/ascore.conf, which says it lists the defaults, lists the declared ones.
 */
class ConfigDocsTest {
    static String row(Param<?> k) {
        String name = k.key().substring("ascore.".length());
        String def = k.defaultValue().isEmpty() ? "" : "`" + k.defaultValue() + "`";
        return "| `" + name + "` | " + def + " | " + k.help() + " |";
    }

    @Test
    void everyKeyHasItsDeclaredRow() throws IOException {
        String doc = Files.readString(Path.of("docs/configuration.md"));
        StringJoiner table = new StringJoiner("\n");
        boolean all = true;
        for (Param<?> k : JobConfig.Key.ALL) {
            table.add(row(k));
            all &= doc.contains(row(k) + "\n");
        }
        assertTrue(all, "docs/configuration.md's key table differs from JobConfig.Key; it should read:\n"
                + "| key (`ascore.` prefix) | default | meaning |\n|---|---|---|\n" + table);
    }

    @Test
    void theShippedConfigFileHoldsTheDeclaredDefaults() {
        Config conf = ConfigFactory.parseFile(Path.of("conf/ascore.conf").toFile());
        int listed = 0;
        for (Param<?> k : JobConfig.Key.ALL) {
            if (conf.hasPath(k.key())) {
                listed++;
                assertEquals(normal(k.defaultValue()), normal(conf.getString(k.key())), k.key());
            }
        }
        assertTrue(listed >= JobConfig.Key.ALL.size() - 6, "conf/ascore.conf lists only " + listed + " keys");
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
