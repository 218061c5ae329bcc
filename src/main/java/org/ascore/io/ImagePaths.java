package org.ascore.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads an image back from nothing but the {@code path} of its scores row, as the report does for
 * thumbnails: a file's path string, or an archive member {@code SHARD.tar#MEMBER},
 * {@code FILE.npz#ARRAY/INDEX}, {@code FILE.npy#INDEX}. A path that exists as a file is a file,
 * even with a '#' in its name; otherwise the archive is the longest prefix before a '#' that ends
 * in .tar, .npz or .npy.
 */
public final class ImagePaths {
    private static final Logger LOG = LoggerFactory.getLogger(ImagePaths.class);
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

    /**
     * The images among {@code paths} that are in compressed .npz arrays, each array inflated once
     * for all of its paths: {@link #read} of each would inflate the array from its start every
     * time. The other paths, and any that could not be read this way, are left to {@link #read}.
     */
    public static Map<String, InputImage> readCompressedArrays(Collection<String> paths, Configuration conf,
                                                               long maxBytes) {
        Map<List<String>, SortedMap<Long, String>> byArray = new HashMap<>();
        for (String path : paths) {
            int hash = path.lastIndexOf('#');
            int slash = path.lastIndexOf('/');
            if (hash < 0 || slash < hash || !path.substring(0, hash).toLowerCase(Locale.ROOT).endsWith(".npz")
                    || !path.substring(slash + 1).matches("\\d+") || isFile(path, conf)) {
                continue;
            }
            byArray.computeIfAbsent(List.of(path.substring(0, hash), path.substring(hash + 1, slash)),
                    k -> new TreeMap<>()).put(Long.parseLong(path.substring(slash + 1)), path);
        }
        Map<String, InputImage> out = new HashMap<>();
        byArray.forEach((fileArray, indexes) -> {
            try {
                NpzArrays.readCompressed(fileArray.get(0), fileArray.get(1), new TreeSet<>(indexes.keySet()), conf,
                        maxBytes).forEach((i, image) -> out.put(indexes.get(i), image));
            } catch (IOException | RuntimeException e) {
                LOG.debug("reading {} in one pass: {}", fileArray, e.toString());
            }
        });
        return out;
    }

    private static boolean isFile(String path, Configuration conf) {
        try {
            Path p = new Path(path);
            return ImageBytes.fileSystem(p, conf).exists(p);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
