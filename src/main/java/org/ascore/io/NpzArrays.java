package org.ascore.io;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.stream.LongStream;

/**
 * Images of NumPy sample files (.npz archives of arrays, or single .npy arrays): every array of
 * shape [N, H, W] or [N, H, W, C] is N images, row path {@code FILE#ARRAY/INDEX} ({@code FILE#INDEX}
 * for a .npy).
 *
 * <p>{@code np.savez} stores its arrays uncompressed, so image i of an array is a fixed byte range:
 * the driver reads only the zip central directory and each .npy header, and cuts the arrays into
 * {@link Slice}s of index ranges whose rows carry the byte offset of their image; the executor that
 * scores a row reads just those bytes. {@code np.savez_compressed} deflates each array, which can
 * only be read from the start: one task inflates a whole array and its rows carry the pixels.
 * Either way a task holds one image at a time, whatever the size of the file.
 */
final class NpzArrays {
    private static final Logger LOG = LoggerFactory.getLogger(NpzArrays.class);
    /** Images per slice of a stored array: small rows, so many images per task is cheap. */
    static final int SLICE = 4096;
    private static final String NPY = ".npy";

    private NpzArrays() {
    }

    /**
     * A range of images of one array.
     *
     * @param array      array name in the .npz (entry name without .npy), or null for a .npy file
     * @param dataOffset file offset of image 0's bytes for a stored array; -1 when compressed
     */
    record Slice(String file, String array, String dtype, int[] imageShape, long imageBytes, long dataOffset,
                 long start, long end) implements Serializable {
        boolean stored() {
            return dataOffset >= 0;
        }

        String path(long index) {
            return file + "#" + (array == null ? "" : array + "/") + index;
        }
    }

    /** What can be read of one file: slices of its image arrays, and its parts that cannot be read. */
    record Listing(List<Slice> slices, List<Unreadable> unreadable) {
    }

    /** A file or array that cannot be read, as the path of its row and why. */
    record Unreadable(String path, String error) {
    }

    /**
     * The slices of one .npz or .npy file, reading only its directory and headers. A file whose
     * zip directory or .npy header cannot be read, and an array whose header cannot be read or
     * whose data is shorter than its shape says (a truncated or corrupt file), are unreadable parts
     * instead: the rest of the file is still read.
     */
    static Listing slices(String file, Configuration conf) {
        Path p = new Path(file);
        List<Slice> out = new ArrayList<>();
        List<Unreadable> bad = new ArrayList<>();
        if (file.toLowerCase(Locale.ROOT).endsWith(NPY)) {
            try {
                FileSystem fs = ImageBytes.fileSystem(p, conf);
                long size = fs.getFileStatus(p).getLen();
                try (FSDataInputStream in = fs.open(p)) {
                    NpyHeader h = NpyHeader.read(new BufferedInputStream(in), file);
                    addSlices(out, bad, file, null, h, h.length(), size - h.length());
                }
            } catch (IOException | RuntimeException e) {
                bad.add(new Unreadable(file, "cannot read .npy file " + file + ": " + e.getMessage()));
            }
            return new Listing(out, bad);
        }
        ZipFile zip;
        try {
            zip = open(ImageBytes.fileSystem(p, conf), p);
        } catch (IOException | RuntimeException e) {
            bad.add(new Unreadable(file, "cannot read the zip directory of " + file
                    + " (a truncated or corrupt .npz): " + e.getMessage()));
            return new Listing(out, bad);
        }
        try (zip) {
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                if (e.isDirectory() || !e.getName().endsWith(NPY)) {
                    continue;
                }
                String array = e.getName().substring(0, e.getName().length() - NPY.length());
                try (InputStream in = zip.getInputStream(e)) {
                    NpyHeader h = NpyHeader.read(in, file + "#" + e.getName());
                    boolean stored = e.getMethod() == ZipArchiveEntry.STORED;
                    addSlices(out, bad, file, array, h, stored ? e.getDataOffset() + h.length() : -1,
                            e.getSize() - h.length());
                } catch (IOException | RuntimeException ex) {
                    bad.add(new Unreadable(file + "#" + array, "cannot read array " + array + " of " + file + ": "
                            + ex.getMessage()));
                }
            }
        } catch (IOException e) {
            LOG.debug("closing {}: {}", file, e.toString());
        }
        return new Listing(out, bad);
    }

    /** @param dataBytes bytes the file or zip entry holds after the header */
    private static void addSlices(List<Slice> out, List<Unreadable> bad, String file, String array, NpyHeader h,
                                  long dataOffset, long dataBytes) {
        String what = file + (array == null ? "" : "#" + array);
        if (!h.isImageStack()) {
            if (h.shape().length == 3 || h.shape().length == 4) {
                // Shaped like images but not laid out as ascore reads them: say so rather than drop them.
                bad.add(new Unreadable(what, "array " + what + " of shape " + Arrays.toString(h.shape())
                        + " and dtype " + h.dtype() + (h.fortranOrder() ? " is in Fortran order; save "
                        + "np.ascontiguousarray(x) instead" : " has no fixed element size")));
            } else {
                LOG.info("{}: array of shape {} and dtype {} is not a stack of images, not an input", what,
                        Arrays.toString(h.shape()), h.dtype());
            }
            return;
        }
        long n = h.shape()[0];
        if (h.imageBytes() * n > dataBytes) {
            bad.add(new Unreadable(what, "array " + what + " is truncated: its shape " + Arrays.toString(h.shape())
                    + " and dtype " + h.dtype() + " need " + h.imageBytes() * n + " bytes of data, the file holds "
                    + dataBytes));
            return;
        }
        long step = dataOffset >= 0 ? SLICE : n;
        for (long start = 0; start < n; start += step) {
            out.add(new Slice(file, array, h.dtype(), h.imageShape(), h.imageBytes(), dataOffset, start,
                    Math.min(n, start + step)));
        }
        if (n == 0) {
            LOG.info("{}: empty array", what);
        }
    }

    /** The input rows of slices, on an executor. */
    static final class Rows implements FlatMapFunction<Slice, Row> {
        private final String split;
        private final String source;
        private final long maxBytes;
        private final SerializableConfiguration conf;

        Rows(String split, String source, long maxBytes, Configuration conf) {
            this.split = split;
            this.source = source;
            this.maxBytes = maxBytes;
            this.conf = new SerializableConfiguration(conf);
        }

        @Override
        public Iterator<Row> call(Slice s) {
            if (s.stored()) {
                return LongStream.range(s.start(), s.end()).mapToObj(i -> InputRows.arrayAt(split, source, s.path(i),
                        s.file(), s.dataOffset() + i * s.imageBytes(), s.imageBytes(), s.dtype(), s.imageShape()))
                        .iterator();
            }
            Opened opened;
            try {
                opened = open(s, conf.value());
            } catch (IOException | RuntimeException e) {
                String error = "cannot open compressed array " + s.file() + "#" + s.array() + ": " + e.getMessage();
                return LongStream.range(s.start(), s.end())
                        .mapToObj(i -> InputRows.failed(split, source, s.path(i), error)).iterator();
            }
            return new Inflating(s, opened);
        }

        /** Rows of a compressed array, inflated one image at a time. */
        private final class Inflating implements Iterator<Row> {
            private final Slice s;
            private final Opened opened;
            private long index;
            /** Why the stream failed, once it has. */
            private String failure;

            Inflating(Slice s, Opened opened) {
                this.s = s;
                this.opened = opened;
            }

            @Override
            public boolean hasNext() {
                if (index < s.end()) {
                    return true;
                }
                opened.close();
                return false;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long i = index++;
                if (failure != null) {
                    return InputRows.failed(split, source, s.path(i), "not read: " + failure);
                }
                try {
                    if (s.imageBytes() > maxBytes) {
                        opened.in().skipNBytes(s.imageBytes());
                        return InputRows.encoded(split, source, s.path(i), s.imageBytes(), null);
                    }
                    byte[] raw = opened.in().readNBytes((int) s.imageBytes());
                    if (raw.length < s.imageBytes()) {
                        throw new EOFException("the data ends " + raw.length + " bytes into image " + i);
                    }
                    return InputRows.arrayBytes(split, source, s.path(i), raw, s.dtype(), s.imageShape());
                } catch (IOException | RuntimeException e) {
                    // A deflate stream cannot be resumed: this image and every later one of the array are lost.
                    opened.close();
                    failure = "compressed array " + s.file() + "#" + s.array() + " is truncated or corrupt at image "
                            + i + ": " + e.getMessage();
                    return InputRows.failed(split, source, s.path(i), failure);
                }
            }
        }
    }

    /** An array's data stream, positioned at image 0, with what must be closed after it. */
    private record Opened(ZipFile zip, InputStream in) {
        void close() {
            try {
                in.close();
                if (zip != null) {
                    zip.close();
                }
            } catch (IOException e) {
                LOG.debug("closing an array stream: {}", e.toString());
            }
        }
    }

    private static Opened open(Slice s, Configuration conf) throws IOException {
        Path p = new Path(s.file());
        FileSystem fs = ImageBytes.fileSystem(p, conf);
        if (s.array() == null) {
            InputStream in = new BufferedInputStream(fs.open(p), 1 << 16);
            NpyHeader.read(in, s.file());
            return new Opened(null, in);
        }
        ZipFile zip = open(fs, p);
        ZipArchiveEntry e = zip.getEntry(s.array() + NPY);
        if (e == null) {
            zip.close();
            throw new IOException(s.file() + " has no array " + s.array());
        }
        InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16);
        NpyHeader.read(in, s.file() + "#" + e.getName());
        return new Opened(zip, in);
    }

    private static ZipFile open(FileSystem fs, Path p) throws IOException {
        long size = fs.getFileStatus(p).getLen();
        return ZipFile.builder().setSeekableByteChannel(new HadoopChannel(fs.open(p), size)).get();
    }

    /**
     * Images of one compressed array by index, inflating it once up to the largest index asked
     * for; empty for a stored array (its images are read at their offsets). An image over the
     * limit, or past where the stream ends, is left out.
     */
    static Map<Long, InputImage> readCompressed(String file, String array, SortedSet<Long> indexes,
                                                Configuration conf, long maxBytes) throws IOException {
        for (Slice s : slices(file, conf).slices()) {
            if (!Objects.equals(s.array(), array) || s.stored()) {
                continue;
            }
            Map<Long, InputImage> out = new HashMap<>();
            Opened opened = open(s, conf);
            try {
                long next = s.start();
                for (long i : indexes.subSet(s.start(), s.end())) {
                    opened.in().skipNBytes((i - next) * s.imageBytes());
                    next = i + 1;
                    if (s.imageBytes() > maxBytes) {
                        opened.in().skipNBytes(s.imageBytes());
                        continue;
                    }
                    byte[] raw = opened.in().readNBytes((int) s.imageBytes());
                    if (raw.length < s.imageBytes()) {
                        break;
                    }
                    out.put(i, new InputImage(raw, s.dtype(), s.imageShape()));
                }
            } finally {
                opened.close();
            }
            return out;
        }
        return Map.of();
    }

    /** One image by its row path's parts, for the report; empty when over the limit. */
    static Optional<InputImage> read(String file, String array, long index, Configuration conf, long maxBytes)
            throws IOException {
        Listing listing = slices(file, conf);
        for (Unreadable u : listing.unreadable()) {
            if (u.path().equals(file) || u.path().equals(file + "#" + array)) {
                throw new IOException(u.error());
            }
        }
        for (Slice s : listing.slices()) {
            if (!Objects.equals(s.array(), array) || index < s.start() || index >= s.end()) {
                continue;
            }
            if (s.imageBytes() > maxBytes) {
                return Optional.empty();
            }
            byte[] raw = new byte[(int) s.imageBytes()];
            if (s.stored()) {
                Path p = new Path(file);
                try (FSDataInputStream in = ImageBytes.fileSystem(p, conf).open(p)) {
                    in.readFully(s.dataOffset() + index * s.imageBytes(), raw);
                }
            } else {
                Opened opened = open(s, conf);
                try {
                    opened.in().skipNBytes(index * s.imageBytes());
                    opened.in().readNBytes(raw, 0, raw.length);
                } finally {
                    opened.close();
                }
            }
            return Optional.of(new InputImage(raw, s.dtype(), s.imageShape()));
        }
        throw new IOException(file + " has no image " + (array == null ? "" : array + "/") + index);
    }
}
