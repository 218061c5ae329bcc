package org.ascore.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

import org.ascore.util.Sha256;

/**
 * One input image as read from storage: the bytes of an encoded file (PNG, JPEG, ...), or, when
 * {@code dtype} is set, the raw pixels of one image of a NumPy array (C order, {@code shape}
 * [H, W] or [H, W, C]).
 *
 * @param bytes encoded file or raw pixel bytes
 * @param dtype NumPy dtype descriptor of raw pixels ('|u1', '&lt;f4', ...), or null for an encoded file
 * @param shape shape of one image of raw pixels, or null for an encoded file
 */
public record InputImage(byte[] bytes, String dtype, int[] shape) {

    public InputImage {
        Objects.requireNonNull(bytes, "bytes");
        if ((dtype == null) != (shape == null)) {
            throw new IllegalArgumentException("raw pixels need both a dtype and a shape");
        }
    }

    public static InputImage encoded(byte[] bytes) {
        return new InputImage(bytes, null, null);
    }

    public boolean isArray() {
        return dtype != null;
    }

    /**
     * The {@code image_id}, stable across paths and runs: for a file, sha256 of its bytes; for an
     * array image, sha256 of the line {@code "ascore-array <dtype> <d0>x<d1>[x<d2>]\n"} followed by its
     * raw pixel bytes, so the same pixels with another shape or dtype are another image.
     */
    public String imageId() {
        InputStream in = new ByteArrayInputStream(bytes);
        if (isArray()) {
            String header = "ascore-array " + dtype + " "
                    + Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("x")) + "\n";
            in = new SequenceInputStream(new ByteArrayInputStream(header.getBytes(StandardCharsets.US_ASCII)), in);
        }
        try {
            return Sha256.hex(in);
        } catch (IOException e) {
            throw new IllegalStateException("hashing an in-memory array cannot fail", e);
        }
    }
}
