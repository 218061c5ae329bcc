package org.ascore.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.ascore.io.ImageBytes;
import org.ascore.io.InputImage;
import org.ascore.io.InputRows;

import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * Adds the {@code image_id} (sha256 of the bytes) to each input row, so rows already scored by an
 * earlier run with the same model and parameters can be reused instead of scored. A file that
 * cannot be read gets a null id and goes to scoring, which records why.
 */
public final class ContentIds implements MapPartitionsFunction<Row, Row> {
    /** {@link InputRows#SCHEMA} plus image_id. */
    public static final StructType SCHEMA = InputRows.SCHEMA.add("image_id", DataTypes.StringType, true);

    private final Broadcast<SerializableConfiguration> hadoopConf;
    private final long maxBytes;

    public ContentIds(Broadcast<SerializableConfiguration> hadoopConf, long maxBytes) {
        this.hadoopConf = hadoopConf;
        this.maxBytes = maxBytes;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        Configuration conf = hadoopConf.value().value();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Row next() {
                Row r = input.next();
                Object[] values = new Object[SCHEMA.size()];
                for (int i = 0; i < r.length(); i++) {
                    values[i] = r.get(i);
                }
                values[r.length()] = imageId(r, conf);
                return RowFactory.create(values);
            }
        };
    }

    private String imageId(Row r, Configuration conf) {
        try {
            Optional<InputImage> image = ImageBytes.read(r, conf, maxBytes);
            return image.map(InputImage::imageId).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
