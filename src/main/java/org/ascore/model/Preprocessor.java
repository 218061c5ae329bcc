package org.ascore.model;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Turns a decoded image into model input: {@code channels × crop × crop} floats in [0, 1], CHW. The
 * values equal, to the last bit for the same decoded pixels, those of the PIL/torchvision pipeline
 * that reference features are computed with ({@code convert("RGB" or "L")}, {@code Resize(resize)},
 * {@code CenterCrop(crop)}, {@code ToTensor()}), so features compare with the reference; the steps
 * and their rounding are in docs/preprocessing.md. Colour is {@link PilColour}'s, resampling
 * {@link PilResize}'s, of the crop window only; the card's mean and std are applied by the model.
 * Immutable and thread-safe.
 */
public final class Preprocessor {

    private final int channels;
    private final int resize;
    private final int crop;

    public Preprocessor(int channels, int resize, int crop) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (crop < 1) {
            throw new IllegalArgumentException("crop must be positive, got " + crop);
        }
        if (resize < crop) {
            throw new IllegalArgumentException("resize (" + resize + ") must be at least crop (" + crop
                    + "): the crop is cut from an image whose shorter side is resize");
        }
        this.channels = channels;
        this.resize = resize;
        this.crop = crop;
    }

    public int channels() {
        return channels;
    }

    /** Side of the square output. */
    public int size() {
        return crop;
    }

    /** Number of floats {@link #toChw} returns. */
    public int length() {
        return channels * crop * crop;
    }

    public float[] toChw(BufferedImage img) {
        Objects.requireNonNull(img, "img");
        Plane[] planes = PilColour.planes(img, channels);
        int w = img.getWidth();
        int h = img.getHeight();
        // torchvision: new_long = int(size * long / short), a float division truncated.
        int targetW = w <= h ? resize : (int) ((double) resize * w / h);
        int targetH = w <= h ? (int) ((double) resize * h / w) : resize;
        int left = (int) Math.rint((targetW - crop) / 2.0);
        int top = (int) Math.rint((targetH - crop) / 2.0);
        int area = crop * crop;
        float[] out = new float[length()];
        for (int c = 0; c < planes.length; c++) {
            PilResize.window(planes[c], targetW, targetH, left, top, crop, out, c * area);
        }
        // A grey image for a colour model: convert("RGB") copies the grey into all three channels.
        for (int c = planes.length; c < channels; c++) {
            System.arraycopy(out, 0, out, c * area, area);
        }
        return out;
    }
}
