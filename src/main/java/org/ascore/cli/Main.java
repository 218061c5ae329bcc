package org.ascore.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of {@code submit/ascore} and of the application jar under spark-submit. */
@Command(name = "ascore", mixinStandardHelpOptions = true, version = "ascore 0.1.0",
        description = "Anomaly Score (AS, AS-i) of image-generative models on Apache Spark. "
                + "Run `ascore help <command>` for the options of a command.",
        synopsisSubcommandLabel = "<command>",
        commandListHeading = "%nCommands:%n",
        subcommands = {ScoreCommand.class, KsCommand.class, ReportCommand.class, SummaryCommand.class, LockCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            Main.EXIT_OK + ":success",
            Main.EXIT_FAILURE + ":the job failed while running (the message and the log say why)",
            Main.EXIT_CONFIG + ":bad argument, configuration or model card (the message names the key), "
                    + "found before any work",
            Main.EXIT_REPORT + ":score only: the run's results were written, but its HTML report failed"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ascore score --real src/demo/real --generated pca-4=src/demo/generated/pca-4 \\",
            "      --model conf/models/fmnist-cnn.conf --out /tmp/ascore-out --run-id demo",
            "  ascore help score"})
public final class Main implements Callable<Integer> {
    /** Exit code of a command that did what was asked. */
    public static final int EXIT_OK = 0;
    /** Exit code of a job that failed while running. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a bad argument, configuration value or model card; reported before any work. */
    public static final int EXIT_CONFIG = 2;
    /** Exit code of {@code score} when the results are committed but the HTML report failed. */
    public static final int EXIT_REPORT = 3;
    /** Help is laid out for this many columns, so that no option's text wraps mid-word. */
    static final int HELP_WIDTH = 100;

    @Spec
    CommandSpec spec;

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
        cli.setUsageHelpWidth(HELP_WIDTH);
        SettingsHelp.install(cli.getSubcommands().get("score"));
        // Wrapper scripts pass defaults first; a user's later option wins.
        cli.setOverwrittenOptionsAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("ascore: " + e.getMessage());
            return EXIT_FAILURE;
        });
        return cli.execute(args);
    }

    /** {@code ascore} without a command: the usage, on stderr, as for any other bad argument. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("ascore: missing command");
        spec.commandLine().usage(err);
        err.flush();
        return EXIT_CONFIG;
    }
}
