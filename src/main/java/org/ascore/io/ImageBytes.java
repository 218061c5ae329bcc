package org.ascore.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Reads the image of one input row ({@link InputRows#SCHEMA}, kinds in {@link InputRows}). */
public final class ImageBytes {
    private ImageBytes() {
    }

    /**
     * The row's own content, a byte range of its container, or the file at its path read through
     * Hadoop; empty when the image is larger than {@code maxBytes}, which is then not read at all.
     * A row that carries an error (found while listing or unpacking an archive) fails with it.
     */
    public static Optional<InputImage> read(Row input, Configuration conf, long maxBytes) throws IOException {
        String error = input.getAs("error");
        if (error != null) {
            throw new IOException(error);
        }
        String dtype = input.getAs("dtype");
        int[] shape = shape(input);
        byte[] content = input.getAs("content");
        if (content != null) {
            return content.length > maxBytes ? Optional.empty() : Optional.of(new InputImage(content, dtype, shape));
        }
        Long length = input.getAs("length");
        if (length != null && length > maxBytes) {
            return Optional.empty();
        }
        String container = input.getAs("container");
        if (container != null) {
            Path p = new Path(container);
            long offset = input.getAs("offset");
            byte[] bytes = new byte[Math.toIntExact(length)];
            try (FSDataInputStream in = fileSystem(p, conf).open(p)) {
                in.readFully(offset, bytes);
            }
            return Optional.of(new InputImage(bytes, dtype, shape));
        }
        return readFile(new Path(input.<String>getAs("path")), conf, length, maxBytes)
                .map(InputImage::encoded);
    }

    /**
     * A whole file, when it has at most {@code maxBytes}. {@code knownLength} (from a listing)
     * saves the status call; a file that grew since is still cut off at the limit.
     */
    static Optional<byte[]> readFile(Path p, Configuration conf, Long knownLength, long maxBytes)
            throws IOException {
        FileSystem fs = fileSystem(p, conf);
        if (knownLength == null && fs.getFileStatus(p).getLen() > maxBytes) {
            return Optional.empty();
        }
        try (FSDataInputStream in = fs.open(p)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            return bytes.length > maxBytes ? Optional.empty() : Optional.of(bytes);
        }
    }

    /**
     * The file system to read {@code p} from. For file:// that is the raw local one, not Hadoop's
     * checksummed wrapper: input images have no .crc files to check, and the wrapper builds the
     * name ".NAME.crc" as a relative path, which Hadoop cannot parse when NAME has a ':'.
     */
    public static FileSystem fileSystem(Path p, Configuration conf) throws IOException {
        FileSystem fs = p.getFileSystem(conf);
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    private static int[] shape(Row input) {
        int i = input.fieldIndex("shape");
        if (input.isNullAt(i)) {
            return null;
        }
        List<Integer> shape = input.getList(i);
        return shape.stream().mapToInt(Integer::intValue).toArray();
    }
}
