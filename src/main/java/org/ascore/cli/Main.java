package org.ascore.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code submit/ascore} and of the application jar under spark-submit. */
@Command(name = "ascore", mixinStandardHelpOptions = true, version = "ascore 0.1.0",
        description = "Anomaly Score (AS, AS-i) of image-generative models on Apache Spark.",
        subcommands = {ScoreCommand.class, KsCommand.class, ReportCommand.class})
public final class Main {
    /** Exit code of a bad argument or configuration value. */
    public static final int EXIT_CONFIG = 2;
    /** Exit code of a job that failed while running. */
    public static final int EXIT_FAILURE = 1;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command on the process's stdout/stderr and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command with the given output streams and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        // Wrapper scripts pass defaults first; a user's later option wins.
        cli.setOverwrittenOptionsAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("ascore: " + e.getMessage());
            return EXIT_FAILURE;
        });
        return cli.execute(args);
    }
}
