package org.ascore.cli;

import org.ascore.config.JobConfig;
import org.ascore.config.Param;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * The Settings section of {@code score --help}, written from the declarations in
 * {@link JobConfig.Key}: each key with its default, then its doc and allowed values.
 */
final class SettingsHelp {
    private static final String SECTION = "settings";
    private static final String INDENT = "      ";

    private SettingsHelp() {
    }

    /** Adds the section to {@code score}'s help, before the exit codes. */
    static void install(CommandLine score) {
        List<String> keys = new ArrayList<>(score.getHelpSectionKeys());
        keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING), SECTION);
        score.getHelpSectionMap().put(SECTION, help -> text(help.commandSpec().usageMessage().width()));
        score.setHelpSectionKeys(keys);
    }

    static String text(int width) {
        StringBuilder b = new StringBuilder(String.format("%nSettings, with their defaults (docs/configuration.md); "
                + "set them in --config <file>,%nor with --conf ascore.<key>=<value> or spark.ascore.<key>=<value>:%n"));
        for (Param<?> p : JobConfig.Key.ALL) {
            b.append("  ").append(p.key()).append(p.isRequired() ? " (required)" : " = " + p.defaultHocon())
                    .append('\n');
            wrap(b, p.help() + ". Allowed: " + p.allowed() + ".", width);
        }
        return b.toString();
    }

    /** Appends {@code text} in lines of at most {@code width} columns, each indented, split at spaces. */
    private static void wrap(StringBuilder b, String text, int width) {
        StringBuilder line = new StringBuilder(INDENT);
        for (String word : text.split(" ")) {
            if (line.length() > INDENT.length() && line.length() + 1 + word.length() > width) {
                b.append(line).append('\n');
                line = new StringBuilder(INDENT);
            }
            line.append(line.length() > INDENT.length() ? " " : "").append(word);
        }
        b.append(line).append('\n');
    }
}
