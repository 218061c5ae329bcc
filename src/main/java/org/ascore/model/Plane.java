package org.ascore.model;

/**
 * One channel of 8-bit levels: byte (x, y) is at {@code origin + y·scanline + x·step}, so that a
 * plane can be one band of a decoder's interleaved buffer, read where it lies, or a packed array.
 */
record Plane(int width, int height, byte[] bytes, int origin, int scanline, int step) {

    static Plane packed(int width, int height, byte[] bytes) {
        return new Plane(width, height, bytes, 0, width, 1);
    }

    /** Samples {@code x0 .. x0 + out.length - 1} of row {@code y}. */
    void row(int y, int x0, int[] out) {
        for (int x = 0, i = origin + y * scanline + x0 * step; x < out.length; x++, i += step) {
            out[x] = bytes[i] & 0xFF;
        }
    }

    int sample(int x, int y) {
        return bytes[origin + y * scanline + x * step] & 0xFF;
    }
}
