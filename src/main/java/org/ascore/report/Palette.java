package org.ascore.report;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Colours of sources. The real reference is always dark grey; generated sources get categorical
 * colours in the order of their sorted labels, so a source keeps its colour across the charts of a
 * report and across reports of runs with the same sources.
 */
public final class Palette {
    public static final String REAL = "#333333";
    public static final String REAL_POINTS = "#9a9a9a";
    private static final String[] GENERATED = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
        "#393b79", "#ad494a", "#637939",
    };

    private final Map<String, String> colours = new LinkedHashMap<>();

    public Palette(Collection<String> generatedSources) {
        int i = 0;
        for (String s : new TreeSet<>(generatedSources)) {
            colours.put(s, GENERATED[i++ % GENERATED.length]);
        }
    }

    /** The colour of a generated source; a source not given to the constructor gets the real colour. */
    public String of(String source) {
        return colours.getOrDefault(source, REAL);
    }
}
