package org.ascore.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `ascore lock`: one holder at a time, the holder named to the loser, stale locks taken over. */
class LockCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondRunIsRefusedUntilTheFirstReleases() throws Exception {
        String out = tmp.toUri().toString();
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "--out", out, "--name", "nightly-m", "--owner", "first"));
        Path marker = tmp.resolve("locks").resolve("nightly-m.lock");
        String body = Files.readString(marker);
        assertTrue(body.contains("owner=first") && body.contains("host=") && body.contains("time="), body);

        assertEquals(LockCommand.EXIT_HELD, run(err, "--out", out, "--name", "nightly-m", "--owner", "second"));
        assertTrue(err.toString().contains("owner=first"), err.toString());
        // Another job's lock is independent.
        assertEquals(0, run(new StringWriter(), "--out", out, "--name", "nightly-other"));

        assertEquals(0, run(new StringWriter(), "--out", out, "--name", "nightly-m", "--release"));
        assertFalse(Files.exists(marker));
        assertEquals(0, run(new StringWriter(), "--out", out, "--name", "nightly-m", "--owner", "second"));
        assertTrue(Files.readString(marker).contains("owner=second"));
    }

    @Test
    void aStaleLockIsTakenOver() throws Exception {
        String out = tmp.toUri().toString();
        assertEquals(0, run(new StringWriter(), "--out", out, "--name", "n", "--owner", "crashed"));
        Path marker = tmp.resolve("locks").resolve("n.lock");
        Files.setLastModifiedTime(marker, FileTime.from(Instant.now().minus(3, ChronoUnit.HOURS)));
        assertEquals(LockCommand.EXIT_HELD, run(new StringWriter(), "--out", out, "--name", "n", "--stale-hours", "4"));
        assertEquals(0, run(new StringWriter(), "--out", out, "--name", "n", "--owner", "new", "--stale-hours", "2"));
        assertTrue(Files.readString(marker).contains("owner=new"));
    }

    private static int run(StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new LockCommand());
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }
}
