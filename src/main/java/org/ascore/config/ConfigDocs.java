package org.ascore.config;

import java.util.StringJoiner;

/**
 * The texts that describe the settings, written from their declarations ({@link JobConfig.Key}) so
 * that they cannot drift: conf/ascore.conf and the key table of docs/configuration.md, which
 * ConfigDocsTest holds equal to these.
 */
public final class ConfigDocs {
    private ConfigDocs() {
    }

    /** conf/ascore.conf: every setting with its doc, allowed values and default. */
    public static String confFile() {
        StringBuilder b = new StringBuilder()
                .append("# ascore job settings (HOCON; a .properties file with the same keys works too), written from\n")
                .append("# the declarations in JobConfig.Key (docs/configuration.md says how to rewrite this file).\n")
                .append("# Pass with `ascore score --config conf/ascore.conf`; every key can also be given as\n")
                .append("# --conf spark.ascore.<key>=value (spark-submit) or --conf ascore.<key>=value. Command-line\n")
                .append("# options win over spark.ascore.* entries, which win over this file. The values below are\n")
                .append("# the defaults; the required settings are commented out.\n")
                .append("ascore {\n");
        String sep = "";
        for (Param<?> p : JobConfig.Key.ALL) {
            b.append(sep).append("  # ").append(p.help()).append("\n  # allowed: ").append(p.allowed()).append('\n');
            b.append(p.isRequired() ? "  # " + p.name() + " = ...\n" : "  " + p.name() + " = " + p.defaultHocon() + "\n");
            sep = "\n";
        }
        return b.append("}\n").toString();
    }

    /** The key table of docs/configuration.md, one row per setting. */
    public static String markdownTable() {
        StringJoiner t = new StringJoiner("\n", "", "\n");
        t.add("| key (`ascore.` prefix) | default | allowed | meaning |");
        t.add("|---|---|---|---|");
        for (Param<?> p : JobConfig.Key.ALL) {
            String def = p.defaultValue().isEmpty() ? "" : "`" + p.defaultValue() + "`";
            t.add("| `" + p.name() + "` | " + def + " | " + p.allowed() + " | " + p.help() + " |");
        }
        return t.toString();
    }
}
