package org.ascore.model;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Turns a decoded image into model input: {@code channels × crop × crop} floats in [0, 1], channel
 * by channel (CHW), rows in order within a channel. The values are those of the PIL/torchvision
 * pipeline that reference features are computed with, {@code Image.open(f).convert("RGB" or "L")},
 * {@code Resize(resize)}, {@code CenterCrop(crop)}, {@code ToTensor()}, to the last bit for the same
 * decoded pixels (docs/preprocessing.md says where the decoded pixels can differ):
 *
 * <ol>
 *   <li>8-bit grey or RGB planes as Pillow's {@code convert} gives them ({@link PilColour}).</li>
 *   <li>Resize so the shorter side is {@code resize}; the longer side is
 *       {@code int(resize · long / short)}, as torchvision computes it. Pillow's bilinear filter
 *       with its antialiasing and its integer arithmetic ({@link PilResize}); smaller images are
 *       upscaled the same way.</li>
 *   <li>Centre crop at offsets {@code round((size - crop) / 2)}, Python's round (half to even), as
 *       torchvision's {@code center_crop}. Only the crop window is resampled.</li>
 *   <li>Divide the 8-bit levels by 255, as {@code ToTensor}. The card's mean and std are applied by
 *       the model, not here.</li>
 * </ol>
 *
 * <p>Instances are immutable and thread-safe.
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
