package org.ascore.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.ascore.model.ModelFiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

/** The bytes of one input row ({@link ResultSchemas#INPUT}) and their content id. */
public final class ImageBytes {
    private ImageBytes() {
    }

    /**
     * The row's own content (Parquet inputs) or the file's bytes read through Hadoop; empty when
     * the file is larger than {@code maxBytes}, which is then not read at all.
     */
    public static Optional<byte[]> read(Row input, Configuration conf, long maxBytes) throws IOException {
        int content = input.fieldIndex("content");
        int length = input.fieldIndex("length");
        if (!input.isNullAt(content)) {
            byte[] bytes = (byte[]) input.get(content);
            return bytes.length > maxBytes ? Optional.empty() : Optional.of(bytes);
        }
        if (!input.isNullAt(length) && input.getLong(length) > maxBytes) {
            return Optional.empty();
        }
        Path p = new Path(input.getString(input.fieldIndex("path")));
        FileSystem fs = p.getFileSystem(conf);
        if (fs.getFileStatus(p).getLen() > maxBytes) {
            return Optional.empty();
        }
        try (FSDataInputStream in = fs.open(p)) {
            return Optional.of(in.readAllBytes());
        }
    }

    /** sha256 of the bytes, hex: the {@code image_id}, stable across paths and runs. */
    public static String imageId(byte[] bytes) {
        try {
            return ModelFiles.sha256(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new IllegalStateException("hashing an in-memory array cannot fail", e);
        }
    }
}
