package org.ascore.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Lists the files under an input root with the Hadoop FileSystem API, on the driver (as Spark's
 * own file index does below its parallel-listing threshold). A file's path is the string of its
 * FileStatus path, what {@code hadoop fs -ls} prints, and the executors read it back with
 * {@code new Path(string)}: no URI encoding on the way, so names with spaces, '%', '#', '?',
 * brackets or non-ASCII letters read like any other.
 *
 * <p>A root that exists as written is taken literally even if it holds glob characters
 * ({@code [ ] { } * ?}); only a root that does not exist is expanded as a Hadoop glob. Each folder
 * directly under a root is listed on its own thread with a recursive {@code listFiles}, which S3A
 * serves as a flat paged listing, so roots of many folders on an object store list in parallel.
 */
public final class FolderListing {
    private static final int LISTING_THREADS = 8;

    /** One listed file: its path string and length in bytes. */
    public record Entry(String path, long length) {
    }

    public record Result(List<Entry> files, SkippedFiles skipped) {
    }

    private FolderListing() {
    }

    /**
     * The paths a root names: itself when it exists, else its glob matches; empty when neither.
     * All qualified (scheme and authority filled in).
     */
    public static List<Path> resolve(String root, Configuration conf) throws IOException {
        Path p = new Path(root);
        FileSystem fs = p.getFileSystem(conf);
        if (fs.exists(p)) {
            return List.of(fs.makeQualified(p));
        }
        FileStatus[] matches = fs.globStatus(p);
        if (matches == null) {
            return List.of();
        }
        return Arrays.stream(matches).map(FileStatus::getPath).sorted().toList();
    }

    /**
     * Every file under the root whose name matches {@code glob}, recursively; hidden files and
     * files in hidden folders (name starting with '.') and names the glob leaves out are counted
     * in {@link Result#skipped()}. A root that is itself a file is taken whatever its name.
     */
    public static Result list(String root, Configuration conf, NameGlob glob) throws IOException {
        SkippedFiles.Counter skipped = new SkippedFiles.Counter(glob.glob());
        List<Entry> files = new ArrayList<>();
        for (Path base : resolve(root, conf)) {
            FileSystem fs = base.getFileSystem(conf);
            FileStatus st = fs.getFileStatus(base);
            if (st.isFile()) {
                files.add(new Entry(st.getPath().toString(), st.getLen()));
                continue;
            }
            List<FileStatus> top = new ArrayList<>(Arrays.asList(fs.listStatus(base)));
            top.sort(Comparator.comparing(FileStatus::getPath));
            List<Path> folders = new ArrayList<>();
            for (FileStatus s : top) {
                if (s.isDirectory()) {
                    folders.add(s.getPath());
                } else {
                    accept(base, s, glob, skipped, files);
                }
            }
            files.addAll(listFolders(fs, base, folders, glob, skipped));
        }
        return new Result(files, skipped.result());
    }

    private static List<Entry> listFolders(FileSystem fs, Path base, List<Path> folders, NameGlob glob,
                                           SkippedFiles.Counter skipped) throws IOException {
        if (folders.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(LISTING_THREADS, folders.size()), r -> {
            Thread t = new Thread(r, "ascore-listing");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<Entry>>> parts = new ArrayList<>();
            for (Path folder : folders) {
                parts.add(pool.submit(() -> listRecursively(fs, base, folder, glob, skipped)));
            }
            List<Entry> out = new ArrayList<>();
            for (Future<List<Entry>> part : parts) {
                out.addAll(part.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing " + base, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException("listing " + base + " failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Entry> listRecursively(FileSystem fs, Path base, Path folder, NameGlob glob,
                                               SkippedFiles.Counter skipped) throws IOException {
        List<Entry> out = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(folder, true);
        while (it.hasNext()) {
            accept(base, it.next(), glob, skipped, out);
        }
        return out;
    }

    private static void accept(Path base, FileStatus file, NameGlob glob, SkippedFiles.Counter skipped,
                               List<Entry> out) {
        String relative = relative(base, file.getPath());
        if (isHidden(relative)) {
            skipped.hidden(relative);
        } else if (!glob.matches(file.getPath().getName())) {
            skipped.unmatched(relative);
        } else {
            out.add(new Entry(file.getPath().toString(), file.getLen()));
        }
    }

    /** The path below the root, from the names of the parents (no string prefix arithmetic on URIs). */
    static String relative(Path base, Path file) {
        List<String> names = new ArrayList<>();
        for (Path p = file; p != null && !p.equals(base) && !p.isRoot(); p = p.getParent()) {
            names.add(0, p.getName());
        }
        return String.join("/", names);
    }

    private static boolean isHidden(String relative) {
        for (String name : relative.split("/", -1)) {
            if (name.startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
