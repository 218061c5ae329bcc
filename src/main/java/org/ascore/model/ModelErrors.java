package org.ascore.model;

/** Short forms of the exceptions a model throws, for messages and for telling errors apart. */
public final class ModelErrors {
    private ModelErrors() {
    }

    /**
     * The exception's class and the last line of its message: a TorchScript error carries a
     * multi-line traceback whose last line holds the error itself.
     */
    public static String summary(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        String[] lines = message.split("\n");
        return e.getClass().getSimpleName() + ": " + lines[lines.length - 1].strip();
    }

    /** Errors that differ only in numbers (sizes, addresses, indices) are the same error. */
    public static String signature(String summary) {
        return summary.replaceAll("\\d+", "#");
    }
}
