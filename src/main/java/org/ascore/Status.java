package org.ascore;

/**
 * Outcome of scoring one input file. Every input file yields exactly one row in the scores table,
 * and its {@code status} column holds {@link #code()}.
 */
public enum Status {
    OK("ok"),
    /** The file has zero bytes. */
    EMPTY_FILE("empty_file"),
    /** The bytes look like an image format we know, but decoding failed (truncated, corrupt). */
    DECODE_ERROR("decode_error"),
    /** The bytes are not an image format the decoder supports (text, HTML, zip, WebP, ...). */
    UNSUPPORTED_FORMAT("unsupported_format"),
    /** Width × height exceeds the configured pixel limit; refused from the header, before decoding. */
    TOO_LARGE("too_large"),
    /**
     * The file could not be read from storage (permissions, vanished, too long for the reader), or
     * the archive holding the image is corrupt or truncated.
     */
    READ_ERROR("read_error"),
    /** Two consecutive feature differences along the complexity path had zero norm, so C is undefined. */
    DEGENERATE_FEATURES("degenerate_features"),
    /** The model produced NaN or infinite features. */
    NONFINITE_FEATURES("nonfinite_features"),
    /** The model failed on this image's batch (after the batch was split down to this one image). */
    MODEL_ERROR("model_error");

    private final String code;

    Status(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean isOk() {
        return this == OK;
    }
}
