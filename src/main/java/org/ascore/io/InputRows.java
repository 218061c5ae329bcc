package org.ascore.io;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input rows ({@link #SCHEMA}) of every kind, built in one place so that every producer fills
 * the same columns:
 * <ul>
 *   <li>a file: {@code path} is read through Hadoop ({@code length} from the listing, or null);</li>
 *   <li>encoded bytes carried in the row ({@code content}: Parquet tables, tar members);</li>
 *   <li>raw pixels of an array at a byte range of another file ({@code container}, {@code offset},
 *       {@code length}, with {@code dtype} and {@code shape}: stored .npz/.npy arrays);</li>
 *   <li>raw pixels carried in the row ({@code content} with {@code dtype} and {@code shape}:
 *       compressed .npz arrays, which can only be read from the start);</li>
 *   <li>an image, or a part of an archive, found unreadable while listing or unpacking
 *       ({@code error}: a corrupt or truncated archive), scored {@code read_error} with that error.</li>
 * </ul>
 */
public final class InputRows {
    /**
     * What the scoring stage reads: one row per input image. {@code path} is what the scores table
     * shows; where the bytes come from and what they are is said by the other columns, read by
     * {@link ImageBytes#read}; the factories below make each kind of row.
     */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("split", DataTypes.StringType, false),
        DataTypes.createStructField("source", DataTypes.StringType, false),
        DataTypes.createStructField("path", DataTypes.StringType, false),
        DataTypes.createStructField("length", DataTypes.LongType, true),
        DataTypes.createStructField("content", DataTypes.BinaryType, true),
        DataTypes.createStructField("container", DataTypes.StringType, true),
        DataTypes.createStructField("offset", DataTypes.LongType, true),
        DataTypes.createStructField("dtype", DataTypes.StringType, true),
        DataTypes.createStructField("shape", DataTypes.createArrayType(DataTypes.IntegerType, false), true),
        DataTypes.createStructField("error", DataTypes.StringType, true),
    });

    private InputRows() {
    }

    public static Row file(String split, String source, String path, Long length) {
        return RowFactory.create(split, source, path, length, null, null, null, null, null, null);
    }

    public static Row encoded(String split, String source, String path, long length, byte[] content) {
        return RowFactory.create(split, source, path, length, content, null, null, null, null, null);
    }

    public static Row arrayAt(String split, String source, String path, String container, long offset,
                              long length, String dtype, int[] shape) {
        return RowFactory.create(split, source, path, length, null, container, offset, dtype, boxed(shape), null);
    }

    public static Row arrayBytes(String split, String source, String path, byte[] raw, String dtype, int[] shape) {
        return RowFactory.create(split, source, path, (long) raw.length, raw, null, null, dtype, boxed(shape), null);
    }

    public static Row failed(String split, String source, String path, String error) {
        return RowFactory.create(split, source, path, null, null, null, null, null, null, error);
    }

    private static Integer[] boxed(int[] shape) {
        Integer[] out = new Integer[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }
}
