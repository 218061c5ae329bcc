package org.ascore.io;

import org.ascore.Status;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;

/**
 * Raw NumPy pixels to the {@link BufferedImage} an encoded file of the same picture decodes to:
 * [H, W] and [H, W, 1] are greyscale, [H, W, 3] RGB, [H, W, 4] RGBA (alpha then handled like a
 * PNG's). uint8 is taken as is; float32/float64 must lie in [0, 1] and become round(x · 255)
 * (ties to even, as NumPy's {@code round}); a value outside [0, 1] or NaN is a decode error rather
 * than a silent clip, because [-1, 1] outputs saved unscaled are a common mistake.
 */
final class ArrayImages {
    private ArrayImages() {
    }

    static DecodedImage decode(InputImage input, long maxPixels) {
        int[] shape = input.shape();
        String dtype = input.dtype();
        if (shape.length < 2 || shape.length > 3) {
            return DecodedImage.failed(Status.UNSUPPORTED_FORMAT,
                    "array image of shape " + Arrays.toString(shape) + " is not [H, W] or [H, W, C]");
        }
        int h = shape[0];
        int w = shape[1];
        int c = shape.length == 3 ? shape[2] : 1;
        if (c != 1 && c != 3 && c != 4) {
            return DecodedImage.failed(Status.UNSUPPORTED_FORMAT,
                    "array image of shape " + Arrays.toString(shape) + " has " + c + " channels, not 1, 3 or 4", w, h);
        }
        if ((long) w * h > maxPixels) {
            return DecodedImage.failed(Status.TOO_LARGE, String.format(Locale.ROOT,
                    "array image is %dx%d = %d pixels, more than the limit of %d (%s)", w, h, (long) w * h,
                    maxPixels, ImageDecoder.MAX_PIXELS_KEY), w, h);
        }
        NpyDtype type = NpyDtype.parse(dtype);
        if (type == null) {
            return DecodedImage.failed(Status.UNSUPPORTED_FORMAT,
                    "array dtype " + dtype + " is not uint8, float32 or float64", w, h);
        }
        long samples = (long) h * w * c;
        if (input.bytes().length != samples * type.size()) {
            return DecodedImage.failed(Status.DECODE_ERROR, "array image of shape " + Arrays.toString(shape) + " and dtype "
                    + dtype + " needs " + samples * type.size() + " bytes, got " + input.bytes().length, w, h);
        }
        byte[] pixels = new byte[(int) samples];
        String bad = type.toUint8(input.bytes(), pixels);
        if (bad != null) {
            return DecodedImage.failed(Status.DECODE_ERROR, bad, w, h);
        }
        return DecodedImage.ok(image(pixels, w, h, c));
    }

    private static BufferedImage image(byte[] hwc, int w, int h, int c) {
        int type = c == 1 ? BufferedImage.TYPE_BYTE_GRAY
                : c == 3 ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_4BYTE_ABGR;
        BufferedImage img = new BufferedImage(w, h, type);
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        if (c == 1) {
            System.arraycopy(hwc, 0, data, 0, hwc.length);
            return img;
        }
        // The byte types store each pixel's samples in reverse: B, G, R and A, B, G, R.
        for (int p = 0; p < w * h; p++) {
            for (int k = 0; k < c; k++) {
                data[p * c + k] = hwc[p * c + (c - 1 - k)];
            }
        }
        return img;
    }

    /** The element types accepted, from the .npy header's descriptor. */
    enum NpyDtype {
        UINT8(1), FLOAT32(4), FLOAT64(8);

        private final int size;

        NpyDtype(int size) {
            this.size = size;
        }

        int size() {
            return size;
        }

        /** uint8 as '|u1' '<u1' 'u1'; floats '<f4' '>f8' '=f4' (little-endian; big-endian floats are refused); else null. */
        static NpyDtype parse(String descr) {
            if (descr == null || descr.isEmpty()) {
                return null;
            }
            char first = descr.charAt(0);
            String kind = "<>|=".indexOf(first) >= 0 ? descr.substring(1) : descr;
            return switch (kind) {
                case "u1" -> UINT8;
                case "f4" -> first == '>' ? null : FLOAT32;
                case "f8" -> first == '>' ? null : FLOAT64;
                default -> null;
            };
        }

        /** Fills {@code out} with the 8-bit samples; the problem with the values, or null. */
        String toUint8(byte[] raw, byte[] out) {
            if (this == UINT8) {
                System.arraycopy(raw, 0, out, 0, out.length);
                return null;
            }
            ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < out.length; i++) {
                double x = this == FLOAT32 ? buf.getFloat() : buf.getDouble();
                if (!(x >= 0 && x <= 1)) {
                    return "float array value " + x + " at sample " + i + " is outside [0, 1]";
                }
                out[i] = (byte) Math.rint(x * 255);
            }
            return null;
        }
    }
}
