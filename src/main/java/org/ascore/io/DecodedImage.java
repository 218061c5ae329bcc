package org.ascore.io;

import java.awt.image.BufferedImage;
import java.util.Objects;
import org.ascore.Status;

/**
 * Result of decoding one file: the picture when {@link Status#OK}, otherwise the reason it was not
 * decoded. A failure is a value rather than an exception so that every input file still yields one
 * row of output.
 *
 * @param image  the decoded first image; null unless the status is OK
 * @param width  width from the file header, or -1 when the header could not be read
 * @param height height from the file header, or -1 when the header could not be read
 * @param status outcome
 * @param error  human-readable reason; null when the status is OK
 */
public record DecodedImage(BufferedImage image, int width, int height, Status status, String error) {

    public DecodedImage {
        Objects.requireNonNull(status, "status");
        if (status.isOk() != (image != null) || status.isOk() != (error == null)) {
            throw new IllegalArgumentException(
                    "an OK result needs an image and no error, a failure an error and no image: " + status);
        }
    }

    public static DecodedImage ok(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        return new DecodedImage(image, image.getWidth(), image.getHeight(), Status.OK, null);
    }

    public static DecodedImage failed(Status status, String error, int width, int height) {
        return new DecodedImage(null, width, height, status, Objects.requireNonNull(error, "error"));
    }

    /** A failure found before any header size was known. */
    public static DecodedImage failed(Status status, String error) {
        return failed(status, error, -1, -1);
    }

    public boolean isOk() {
        return status.isOk();
    }

    /** The header width, or null when unknown: the form a nullable table column wants. */
    public Integer widthOrNull() {
        return width < 0 ? null : width;
    }

    /** The header height, or null when unknown. */
    public Integer heightOrNull() {
        return height < 0 ? null : height;
    }
}
