package org.ascore.cli;

import org.apache.hadoop.conf.Configuration;
import org.ascore.pipeline.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code ascore lock}: takes or releases the marker that keeps two runs of one job from overlapping. */
@Command(name = "lock", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Takes or releases a run lock under the output root.",
        description = "%nCreates <out>/locks/<name>.lock if absent (owner, host and time inside), or deletes it "
                + "with --release. A lock older than --stale-hours is taken over. Hadoop settings come from "
                + "HADOOP_CONF_DIR.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            Main.EXIT_OK + ":taken (or released)",
            Main.EXIT_FAILURE + ":the output root could not be reached",
            LockCommand.EXIT_HELD + ":another run holds the lock (its marker is printed)"},
        footerHeading = "%nExamples:%n",
        footer = {"  ascore lock --out s3a://bucket/ascore --name nightly-fmnist-cnn --owner cron-$$"})
public final class LockCommand implements Callable<Integer> {
    /** Another run holds the lock. */
    public static final int EXIT_HELD = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "<uri>", description = "Required. Output root.")
    String out;

    @Option(names = "--name", required = true, paramLabel = "<name>", description = "Required. The job, e.g. nightly-<model>.")
    String name;

    @Option(names = "--owner", paramLabel = "<text>", defaultValue = "ascore", description = "Written into the marker.")
    String owner;

    @Option(names = "--stale-hours", paramLabel = "<h>", defaultValue = "24",
            description = "A lock older than this is a crashed run's and is taken over. Default: ${DEFAULT-VALUE}.")
    double staleHours;

    @Option(names = "--release", description = "Delete the lock instead of taking it.")
    boolean release;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        RunLock lock = new RunLock(out, name, new Configuration());
        try {
            if (release) {
                lock.release();
                return Main.EXIT_OK;
            }
            String holder = lock.tryAcquire(owner, Duration.ofSeconds((long) (staleHours * 3600)));
            if (holder == null) {
                return Main.EXIT_OK;
            }
            err.println("ascore lock: " + lock.path() + " is held (stale after " + staleHours + " h):\n" + holder.strip());
            err.flush();
            return EXIT_HELD;
        } catch (IOException | IllegalArgumentException e) {
            err.println("ascore lock: " + lock.path() + ": " + e);
            err.flush();
            return Main.EXIT_FAILURE;
        }
    }
}
