package org.ascore.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.ascore.config.ModelCard;
import org.ascore.model.ModelLoadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Copies a model file from any Hadoop file system to local disk, once per JVM and card. */
final class ModelFetch {
    private static final Map<String, java.nio.file.Path> COPIES = new ConcurrentHashMap<>();

    private ModelFetch() {
    }

    static java.nio.file.Path localCopy(ModelCard card, Configuration conf) {
        return COPIES.computeIfAbsent(card.sha256(), sha -> {
            Path source = new Path(card.fileUri());
            try {
                java.nio.file.Path target = Files.createTempFile("ascore-" + card.name() + "-", ".pt");
                target.toFile().deleteOnExit();
                try (FSDataInputStream in = source.getFileSystem(conf).open(source)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return target;
            } catch (IOException e) {
                throw new ModelLoadException("cannot fetch model file " + source + " of card " + card.name()
                        + ": " + e.getMessage(), e);
            }
        });
    }
}
