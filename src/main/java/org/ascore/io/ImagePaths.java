package org.ascore.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads an image back from nothing but the {@code path} of its scores row, as the report does for
 * thumbnails: a file's path string.
 */
public final class ImagePaths {
    private ImagePaths() {
    }

    /** The image at {@code path}; empty when it has more than {@code maxBytes}. */
    public static Optional<InputImage> read(String path, Configuration conf, long maxBytes) throws IOException {
        return ImageBytes.readFile(new Path(path), conf, null, maxBytes).map(InputImage::encoded);
    }
}
