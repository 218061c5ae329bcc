package org.ascore.util;

import java.util.regex.Pattern;

/**
 * The one rule for names that become path segments, file names and column values: run ids, source
 * labels, model names and lock names. A leading letter or digit keeps "." and ".." and hidden or
 * option-like names out of paths and command lines.
 */
public final class Ids {
    /** The rule as a regular expression, for validators that take one. */
    public static final String REGEX = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
    /** The rule in words, for error messages. */
    public static final String RULE = "1-128 letters, digits, '.', '_' or '-', starting with a letter or digit";
    private static final Pattern ID = Pattern.compile(REGEX);

    private Ids() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
