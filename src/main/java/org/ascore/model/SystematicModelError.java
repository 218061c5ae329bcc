package org.ascore.model;

/** The model fails the same way on every image: the job must stop (see {@link FailureStreak}). */
public final class SystematicModelError extends RuntimeException {
    public SystematicModelError(String message) {
        super(message);
    }

    /**
     * Throws this error if it is among the causes of {@code e}: Spark wraps a task's exception,
     * maybe twice, in messages that carry the task's whole stack trace.
     */
    public static void throwIfCauseOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SystematicModelError s) {
                throw s;
            }
        }
    }
}
