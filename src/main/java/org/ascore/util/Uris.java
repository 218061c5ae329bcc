package org.ascore.util;

/** Helpers for the output root and other locations given as text. */
public final class Uris {
    private Uris() {
    }

    /** {@code uri} without trailing slashes, so child paths can be appended with one "/". */
    public static String withoutTrailingSlash(String uri) {
        int end = uri.length();
        while (end > 0 && uri.charAt(end - 1) == '/') {
            end--;
        }
        return uri.substring(0, end);
    }
}
