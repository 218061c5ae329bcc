package org.ascore.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Copies a model file from any Hadoop file system to local disk, once per JVM and file content. */
public final class ModelFetch {
    private static final Map<String, java.nio.file.Path> COPIES = new ConcurrentHashMap<>();

    private ModelFetch() {
    }

    /**
     * @param sha256 the file's declared digest: the cache key, so two cards naming one file share a copy
     * @param name   the model's name, for the temporary file and the error message
     * @throws UncheckedIOException when the file cannot be read or copied
     */
    public static java.nio.file.Path localCopy(URI file, String sha256, String name, Configuration conf) {
        return COPIES.computeIfAbsent(sha256, sha -> {
            Path source = new Path(file);
            try {
                java.nio.file.Path target = Files.createTempFile("ascore-" + name + "-", ".pt");
                target.toFile().deleteOnExit();
                try (FSDataInputStream in = source.getFileSystem(conf).open(source)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fetch model file " + source + " of card " + name
                        + ": " + e.getMessage(), e);
            }
        });
    }
}
