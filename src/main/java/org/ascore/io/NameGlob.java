package org.ascore.io;

import org.apache.hadoop.fs.GlobPattern;

import java.io.Serializable;
import java.util.Locale;

/**
 * The {@code input.glob} file-name filter, matched case-insensitively: generated and scraped
 * images come as {@code .PNG} and {@code .JpG} as often as {@code .png}. Hadoop's glob syntax
 * ({@code * ? [abc] {a,b}}), applied to the name alone, as Spark's {@code pathGlobFilter} was.
 */
public final class NameGlob implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String glob;
    private transient GlobPattern pattern;

    public NameGlob(String glob) {
        this.glob = glob;
        compiled();
    }

    public boolean matches(String fileName) {
        return compiled().matches(fileName.toLowerCase(Locale.ROOT));
    }

    public String glob() {
        return glob;
    }

    private GlobPattern compiled() {
        if (pattern == null) {
            // Both sides lower-cased: a case-insensitive match that keeps Hadoop's glob grammar.
            pattern = new GlobPattern(glob.toLowerCase(Locale.ROOT));
        }
        return pattern;
    }

    @Override
    public String toString() {
        return glob;
    }
}
