package org.ascore.io;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Files under the input roots that were not scored: names the glob leaves out and hidden files
 * (a name or folder starting with '.', such as .DS_Store or macOS ._copies). They are counted and
 * a few named so a wrong glob never loses files silently.
 *
 * @param unmatched         files whose name does not match the glob
 * @param unmatchedExamples up to {@value #EXAMPLES} of them, as paths below their root
 * @param hidden            hidden files
 * @param hiddenExamples    up to {@value #EXAMPLES} of them
 */
public record SkippedFiles(String glob, long unmatched, List<String> unmatchedExamples, long hidden,
                           List<String> hiddenExamples) implements Serializable {
    public static final int EXAMPLES = 3;

    public static SkippedFiles none(String glob) {
        return new SkippedFiles(glob, 0, List.of(), 0, List.of());
    }

    public long total() {
        return unmatched + hidden;
    }

    public SkippedFiles plus(SkippedFiles o) {
        return new SkippedFiles(glob, unmatched + o.unmatched, first(unmatchedExamples, o.unmatchedExamples),
                hidden + o.hidden, first(hiddenExamples, o.hiddenExamples));
    }

    /** "skipped 12 files not matching the glob *.{png,...}, e.g. notes.txt; 1 hidden file, e.g. .DS_Store". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (unmatched > 0) {
            parts.add(String.format(Locale.ROOT, "%d %s not matching the glob %s, e.g. %s", unmatched,
                    unmatched == 1 ? "file" : "files", glob, String.join(", ", unmatchedExamples)));
        }
        if (hidden > 0) {
            parts.add(String.format(Locale.ROOT, "%d hidden %s, e.g. %s", hidden, hidden == 1 ? "file" : "files",
                    String.join(", ", hiddenExamples)));
        }
        return parts.isEmpty() ? "skipped no files" : "skipped " + String.join("; ", parts);
    }

    private static List<String> first(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        for (String s : b) {
            if (out.size() >= EXAMPLES) {
                break;
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** Collects skipped files while listing; thread-safe, since folders are listed in parallel. */
    static final class Counter {
        private final String glob;
        private long unmatched;
        private long hidden;
        private final List<String> unmatchedExamples = new ArrayList<>();
        private final List<String> hiddenExamples = new ArrayList<>();

        Counter(String glob) {
            this.glob = glob;
        }

        synchronized void unmatched(String relative) {
            unmatched++;
            if (unmatchedExamples.size() < EXAMPLES) {
                unmatchedExamples.add(relative);
            }
        }

        synchronized void hidden(String relative) {
            hidden++;
            if (hiddenExamples.size() < EXAMPLES) {
                hiddenExamples.add(relative);
            }
        }

        synchronized SkippedFiles result() {
            return new SkippedFiles(glob, unmatched, List.copyOf(unmatchedExamples), hidden,
                    List.copyOf(hiddenExamples));
        }
    }
}
