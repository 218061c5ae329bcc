package org.ascore.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ascore.util.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A marker {@code <out>/locks/<name>.lock} that keeps two runs of one job (e.g. the nightly of one
 * model into one output root) from overlapping. Taken by creating the file with overwrite=false,
 * which HDFS refuses atomically when it exists; S3A checks with a HEAD first, which closes all but a
 * window of milliseconds (enough for runs started by cron minutes or hours apart). The marker holds
 * owner, host and time for whoever finds it. A marker older than the stale age
 * is a crashed run's: it is replaced, with a warning.
 */
public final class RunLock {
    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

    private final Path path;
    private final Configuration conf;

    public RunLock(String out, String name, Configuration conf) {
        if (!Ids.isValid(name)) {
            throw new IllegalArgumentException("lock name '" + name + "' must be " + Ids.RULE);
        }
        this.path = new Path(new Path(out, "locks"), name + ".lock");
        this.conf = conf;
    }

    public Path path() {
        return path;
    }

    /** @return null when taken; otherwise the content of the marker that holds it */
    public String tryAcquire(String owner, Duration staleAfter) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        String body = "owner=" + owner + "\nhost=" + host() + "\ntime=" + Instant.now() + "\n";
        try (FSDataOutputStream o = fs.create(path, false)) {
            o.write(body.getBytes(StandardCharsets.UTF_8));
            return null;
        } catch (FileAlreadyExistsException e) {
            FileStatus st;
            try {
                st = fs.getFileStatus(path);
            } catch (java.io.FileNotFoundException gone) {
                return tryAcquire(owner, staleAfter);
            }
            String holder = read(fs);
            Duration age = Duration.ofMillis(System.currentTimeMillis() - st.getModificationTime());
            if (age.compareTo(staleAfter) > 0) {
                LOG.warn("Replacing stale lock {} ({} old, older than {}): {}", path, age, staleAfter,
                        holder.replace('\n', ' '));
                fs.delete(path, false);
                return tryAcquire(owner, staleAfter);
            }
            return holder;
        }
    }

    public void release() throws IOException {
        path.getFileSystem(conf).delete(path, false);
    }

    private String read(FileSystem fs) throws IOException {
        try (FSDataInputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
