package org.ascore.io;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The kinds of {@link ResultSchemas#INPUT} row, built in one place so that every producer fills
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
