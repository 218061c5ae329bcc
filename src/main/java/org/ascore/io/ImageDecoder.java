package org.ascore.io;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.ascore.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one file with javax.imageio (the readers {@link ImageIoPlugins} prefers), or one raw pixel
 * array ({@link #decode(InputImage)}, {@link ArrayImages}), the first frame or page only. It never
 * throws for bad input: every outcome is a {@link DecodedImage} whose status says what went wrong,
 * so one broken file cannot fail a batch. The format is sniffed from the content, since generated
 * images often carry the wrong extension, and the size is checked from the header before the raster
 * is allocated, so a small file claiming 30000×30000 pixels costs no memory. A reader warning that
 * the data ended early is a {@link Status#DECODE_ERROR}, as in Pillow (docs/preprocessing.md,
 * "Truncated files"). Immutable and thread-safe.
 */
public final class ImageDecoder {

    /** Configuration key of the pixel limit; named in the error message so users know what to raise. */
    public static final String MAX_PIXELS_KEY = "ascore.decode.max-pixels";

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

    /** Lower-case fragments of the reader warnings that mean the data ended before the image did. */
    private static final List<String> TRUNCATION_WARNINGS =
            List.of("truncated", "premature end", "missing eoi");

    /** How many leading bytes decide whether an unrecognised file is text. */
    private static final int TEXT_SNIFF_BYTES = 1024;

    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");
    private static final Set<String> HEIF_BRANDS =
            Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1");

    private final long maxPixels;

    /** @param maxPixels largest width × height that will be decoded ({@value #MAX_PIXELS_KEY}) */
    public ImageDecoder(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException(MAX_PIXELS_KEY + " must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
        ImageIoPlugins.ensureRegistered();
    }

    /** An encoded file through {@link #decode(byte[])}, a raw array through {@link ArrayImages}. */
    public DecodedImage decode(InputImage input) {
        return input.isArray() ? ArrayImages.decode(input, maxPixels) : decode(input.bytes());
    }

    public DecodedImage decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return DecodedImage.failed(Status.EMPTY_FILE, "file is empty");
        }
        // A memory-backed stream: ImageIO.createImageInputStream would spill to a temporary file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = ImageIoPlugins.readerFor(in);
            if (reader == null) {
                return DecodedImage.failed(Status.UNSUPPORTED_FORMAT, describeUnrecognised(bytes));
            }
            try {
                return decodeFirstImage(reader, in);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // Sniffing alone can fail on malformed bytes, before any reader was chosen.
            return DecodedImage.failed(Status.DECODE_ERROR, describe(e));
        }
    }

    private DecodedImage decodeFirstImage(ImageReader reader, ImageInputStream in) {
        String format = reader.getOriginatingProvider().getFormatNames()[0].toUpperCase(Locale.ROOT);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        int width = -1;
        int height = -1;
        try {
            // Metadata is ignored: the pixels do not need it, and text chunks can be bombs of their own.
            reader.setInput(in, true, true);
            width = reader.getWidth(0);
            height = reader.getHeight(0);
            if ((long) width * height > maxPixels) {
                return DecodedImage.failed(Status.TOO_LARGE, String.format(Locale.ROOT,
                        "%s image is %dx%d = %d pixels, more than the limit of %d (%s)",
                        format, width, height, (long) width * height, maxPixels, MAX_PIXELS_KEY), width, height);
            }
            BufferedImage image = reader.read(0);
            for (String warning : warnings) {
                if (isTruncationWarning(warning)) {
                    return DecodedImage.failed(Status.DECODE_ERROR,
                            format + " data is incomplete: " + warning, width, height);
                }
                LOG.debug("ignoring {} reader warning: {}", format, warning);
            }
            return DecodedImage.ok(image);
        } catch (IOException | RuntimeException e) {
            return DecodedImage.failed(Status.DECODE_ERROR, format + ": " + describe(e), width, height);
        }
    }

    private static boolean isTruncationWarning(String warning) {
        String lower = warning.toLowerCase(Locale.ROOT);
        return TRUNCATION_WARNINGS.stream().anyMatch(lower::contains);
    }

    /** Names what the bytes are when no reader accepts them, so the error says more than "unknown". */
    private static String describeUnrecognised(byte[] b) {
        if (startsWith(b, 0, "RIFF") && startsWith(b, 8, "WEBP")) {
            return "unsupported format: WebP";
        }
        if (startsWith(b, 4, "ftyp")) {
            String brand = ascii(b, 8, 4);
            String kind = AVIF_BRANDS.contains(brand) ? "AVIF"
                    : HEIF_BRANDS.contains(brand) ? "HEIC/HEIF"
                    : "ISO media file";
            return "unsupported format: " + kind + " (ftyp '" + brand + "')";
        }
        if (startsWith(b, 0, "PK\3\4") || startsWith(b, 0, "PK\5\6")) {
            return "not an image (zip archive)";
        }
        if (startsWith(b, 0, "%PDF")) {
            return "not an image (PDF document)";
        }
        String text = asText(b);
        if (text != null) {
            String head = text.stripLeading().toLowerCase(Locale.ROOT);
            boolean html = head.startsWith("<!doctype html") || head.contains("<html");
            return "not an image (text)" + (html ? ": looks like HTML" : "");
        }
        return "unrecognised format, first bytes: " + hex(b, 16);
    }

    /** The leading bytes as a string when they are UTF-8 text without control characters, else null. */
    private static String asText(byte[] b) {
        int n = Math.min(b.length, TEXT_SNIFF_BYTES);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(n);
        // Not end of input: the sniff window may cut a multi-byte character in half.
        if (decoder.decode(ByteBuffer.wrap(b, 0, n), chars, false).isError()) {
            return null;
        }
        chars.flip();
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                return null;
            }
        }
        return chars.toString();
    }

    private static boolean startsWith(byte[] b, int offset, String magic) {
        if (b.length < offset + magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (b[offset + i] != (byte) magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] b, int offset, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = offset; i < Math.min(b.length, offset + length); i++) {
            char c = (char) (b[i] & 0xFF);
            s.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return s.toString();
    }

    private static String hex(byte[] b, int max) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, max); i++) {
            s.append(String.format(Locale.ROOT, i == 0 ? "%02x" : " %02x", b[i] & 0xFF));
        }
        return s.toString();
    }

    /** The exception's message plus its cause's, since ImageIO often hides the real reason in the cause. */
    private static String describe(Throwable e) {
        String text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            text += " (" + cause.getClass().getSimpleName()
                    + (cause.getMessage() != null ? ": " + cause.getMessage() : "") + ")";
        }
        return text;
    }
}
