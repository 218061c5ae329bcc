package org.ascore.io;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy .npy array (format versions 1-3): dtype descriptor, C or Fortran order,
 * shape, and where the data starts.
 *
 * @param length bytes of the header, magic included: the data starts this far into the .npy
 */
record NpyHeader(String dtype, boolean fortranOrder, long[] shape, int length) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Reads the header from the start of {@code in}, leaving it at the first data byte. */
    static NpyHeader read(InputStream in, String what) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        data.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(what + " is not a .npy array (no \\x93NUMPY magic)");
        }
        int major = data.readUnsignedByte();
        data.readUnsignedByte();
        int headerLength;
        int prefix;
        if (major == 1) {
            headerLength = data.readUnsignedByte() | data.readUnsignedByte() << 8;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            headerLength = Integer.reverseBytes(data.readInt());
            prefix = 12;
        } else {
            throw new IOException(what + ": unknown .npy format version " + major);
        }
        byte[] text = new byte[headerLength];
        data.readFully(text);
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(dict);
        Matcher fortran = FORTRAN.matcher(dict);
        Matcher shape = SHAPE.matcher(dict);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new IOException(what + ": cannot parse the .npy header " + dict.strip());
        }
        long[] dims = Arrays.stream(shape.group(1).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        return new NpyHeader(descr.group(1), "True".equals(fortran.group(1)), dims, prefix + headerLength);
    }

    /** Bytes of one element, from the descriptor's trailing size ('<f4' → 4), or -1 if it has none. */
    int itemSize() {
        int i = dtype.length();
        while (i > 0 && Character.isDigit(dtype.charAt(i - 1))) {
            i--;
        }
        return i == dtype.length() ? -1 : Integer.parseInt(dtype.substring(i));
    }

    /**
     * Whether the array is a stack of images: [N, H, W] or [N, H, W, C], C order. Other arrays of
     * an .npz (labels, class ids) are not inputs.
     */
    boolean isImageStack() {
        return !fortranOrder && (shape.length == 3 || shape.length == 4) && itemSize() > 0;
    }

    /** Shape of one image: the array's shape without its first dimension. */
    int[] imageShape() {
        return Arrays.stream(shape, 1, shape.length).mapToInt(Math::toIntExact).toArray();
    }

    /** Bytes of one image. */
    long imageBytes() {
        long n = itemSize();
        for (int i = 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }
}
