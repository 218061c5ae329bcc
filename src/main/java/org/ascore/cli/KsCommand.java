package org.ascore.cli;

import org.ascore.io.PointsCsv;
import org.ascore.stats.Ks2d;
import org.ascore.stats.KsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ascore ks}: AS of two (C, V) CSV files with the pipeline's own {@link Ks2d}. */
@Command(name = "ks", mixinStandardHelpOptions = true, sortOptions = false, sortSynopsis = false,
        header = "AS (the 2D KS statistic) and its p-value of two CSV files of (C, V) points.",
        description = {
            "",
            "Two-sample 2D Kolmogorov-Smirnov statistic D (= AS) and its p-value between two sets of (C, V) "
                + "points, computed elsewhere or read from a scores table. Prints one JSON object (P is null "
                + "when a column is constant):",
            "  {\"n_real\":N,\"n_generated\":M,\"d\":D,\"p_value\":P}",
            "",
            "Each file is CSV with a header line naming the columns c and v (others are ignored), then one point "
                + "per line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            Main.EXIT_OK + ":the JSON object was printed",
            Main.EXIT_CONFIG + ":a file is missing or not such a CSV (the message names the file, the line and "
                    + "what is wrong)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ascore ks --real-csv real.csv --generated-csv generated.csv",
            "  ascore ks --real-csv src/test/resources/ks/case-03/real.csv \\",
            "      --generated-csv src/test/resources/ks/case-03/generated.csv > as.json"})
public final class KsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--real-csv", required = true, paramLabel = "<file>",
            description = "Required. CSV with columns c,v: the (C, V) points of the real set.")
    Path realCsv;

    @Option(names = "--generated-csv", required = true, paramLabel = "<file>",
            description = "Required. CSV with columns c,v: the (C, V) points of the generated set.")
    Path generatedCsv;

    @Override
    public Integer call() {
        KsResult r;
        try {
            PointsCsv.Points real = read("--real-csv", realCsv);
            PointsCsv.Points gen = read("--generated-csv", generatedCsv);
            r = Ks2d.twoSample(real.c(), real.v(), gen.c(), gen.v());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("ascore ks: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return Main.EXIT_CONFIG;
        }
        spec.commandLine().getOut().println(json(r));
        spec.commandLine().getOut().flush();
        return Main.EXIT_OK;
    }

    /** Reads one file; every problem becomes an IllegalArgumentException that names the option and the file. */
    private static PointsCsv.Points read(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a folder, not a CSV file");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(option + " " + file + ": no such file");
        }
        try {
            return PointsCsv.read(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(option + " " + file + ": cannot be read: " + e, e);
        }
    }

    static String json(KsResult r) {
        return String.format(Locale.ROOT, "{\"n_real\":%d,\"n_generated\":%d,\"d\":%s,\"p_value\":%s}",
                r.nReal(), r.nGenerated(), Double.toString(r.d()),
                r.pValue() == null ? "null" : Double.toString(r.pValue()));
    }
}
