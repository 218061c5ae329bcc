package org.ascore.model;

/**
 * One channel of 8-bit levels: byte (x, y) is at {@code origin + y·scanline + x·step}, so that a
 * plane can be one band of a decoder's interleaved buffer, read where it lies, or a packed array.
 */
record Plane(int width, int height, byte[] bytes, int origin, int scanline, int step) {

    static Plane packed(int width, int height, byte[] bytes) {
        return new Plane(width, height, bytes, 0, width, 1);
    }

    int sample(int x, int y) {
        return bytes[origin + y * scanline + x * step] & 0xFF;
    }
}
