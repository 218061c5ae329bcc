package org.ascore.reliability;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The raw local file system (what ascore reads local images through), except that opening a chosen file kills the task attempt reading it with
 * an {@link Error} (which ascore does not turn into a status), a fixed number of times.
 * Installed for the {@code file} scheme through {@code fs.file.impl} during a test.
 */
public class FlakyLocalFileSystem extends RawLocalFileSystem {
    static volatile String poisonedName;
    /** Fail like an unreadable file (an IOException) instead of killing the task. */
    static volatile boolean denyAccess;
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

    /** The fault a poisoned read throws. */
    public static final class InjectedFault extends Error {
        InjectedFault(String message) {
            super(message);
        }
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        if (f.getName().equals(poisonedName) && FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            if (denyAccess) {
                throw new java.nio.file.AccessDeniedException(f.toString(), null, "Permission denied (injected)");
            }
            throw new InjectedFault("injected fault reading " + f);
        }
        return super.open(f, bufferSize);
    }
}
