package org.ascore.cli;

import org.ascore.io.PointsCsv;
import org.ascore.stats.Ks2d;
import org.ascore.stats.KsResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ascore ks}: AS of two (C, V) CSV files with the pipeline's own {@link Ks2d}. */
@Command(name = "ks", mixinStandardHelpOptions = true,
        description = "Two-sample 2D KS statistic D (= AS) and p-value of two CSV files with columns c,v; "
                + "prints one JSON object.")
public final class KsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--real-csv", required = true, description = "CSV with header c,v: the real set")
    Path realCsv;

    @Option(names = "--generated-csv", required = true, description = "CSV with header c,v: the generated set")
    Path generatedCsv;

    @Override
    public Integer call() {
        PointsCsv.Points real;
        PointsCsv.Points gen;
        try {
            real = PointsCsv.read(realCsv);
            gen = PointsCsv.read(generatedCsv);
        } catch (IllegalArgumentException | java.io.IOException | java.io.UncheckedIOException e) {
            spec.commandLine().getErr().println("ascore ks: " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        KsResult r;
        try {
            r = Ks2d.test(real.c(), real.v(), gen.c(), gen.v());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("ascore ks: " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        spec.commandLine().getOut().println(json(r));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static String json(KsResult r) {
        return String.format(Locale.ROOT, "{\"n_real\":%d,\"n_generated\":%d,\"d\":%s,\"p_value\":%s}",
                r.nReal(), r.nGenerated(), Double.toString(r.d()),
                r.pValue() == null ? "null" : Double.toString(r.pValue()));
    }
}
