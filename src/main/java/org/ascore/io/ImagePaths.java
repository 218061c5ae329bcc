package org.ascore.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads an image back from nothing but the {@code path} of its scores row, as the report does for
 * thumbnails: a file's path string, or an archive member {@code SHARD.tar#MEMBER},
 * {@code FILE.npz#ARRAY/INDEX}, {@code FILE.npy#INDEX}. A path that exists as a file is a file,
 * even with a '#' in its name; otherwise the archive is the longest prefix before a '#' that ends
 * in .tar, .npz or .npy.
 */
public final class ImagePaths {
    private ImagePaths() {
    }

    /** The image at {@code path}; empty when it has more than {@code maxBytes}. */
    public static Optional<InputImage> read(String path, Configuration conf, long maxBytes) throws IOException {
        Path p = new Path(path);
        if (path.indexOf('#') < 0 || ImageBytes.fileSystem(p, conf).exists(p)) {
            return ImageBytes.readFile(p, conf, null, maxBytes).map(InputImage::encoded);
        }
        for (int hash = path.lastIndexOf('#'); hash > 0; hash = path.lastIndexOf('#', hash - 1)) {
            String file = path.substring(0, hash);
            String member = path.substring(hash + 1);
            String lower = file.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".tar")) {
                return TarMembers.read(file, member, conf, maxBytes).map(InputImage::encoded);
            }
            if (lower.endsWith(".npy") && member.matches("\\d+")) {
                return NpzArrays.read(file, null, Long.parseLong(member), conf, maxBytes);
            }
            int slash = member.lastIndexOf('/');
            if (lower.endsWith(".npz") && slash > 0 && member.substring(slash + 1).matches("\\d+")) {
                return NpzArrays.read(file, member.substring(0, slash), Long.parseLong(member.substring(slash + 1)),
                        conf, maxBytes);
            }
        }
        throw new IOException("no file and no archive member " + path);
    }
}
