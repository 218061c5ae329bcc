package org.ascore.report;

import org.ascore.report.RunReport.Cloud;
import org.ascore.report.RunReport.Distribution;
import org.ascore.report.RunReport.HistoryPoint;
import org.ascore.report.RunReport.Section;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The charts of one report section, as SVG markup. */
final class Plots {
    static final int CDF_W = 580;
    static final int CDF_H = 340;
    static final int SCATTER_W = 400;
    static final int SCATTER_H = 330;
    static final int HISTORY_W = 900;
    static final int HISTORY_H = 320;
    /** At most this many run ids under the history axis; with more runs every n-th is labelled. */
    static final int MAX_RUN_LABELS = 12;

    private final Section section;
    private final Palette palette;
    private final List<String> generatedOrder;
    private final String runId;

    /**
     * @param generatedOrder the generated sources in the order the page lists them
     * @param runId          the run the page is about, marked in the history chart
     */
    Plots(Section section, Palette palette, List<String> generatedOrder, String runId) {
        this.section = section;
        this.palette = palette;
        this.generatedOrder = generatedOrder;
        this.runId = runId;
    }

    /** Empirical CDF of C (or V) of the real set and of every generated source, in one chart. */
    String cdf(boolean complexity) {
        List<Distribution> sets = orderedDistributions();
        double[][] all = sets.stream().map(d -> values(d, complexity)).toArray(double[][]::new);
        Extent x = Extent.of(0.02, all);
        Extent y = new Extent(0, 1);
        String name = complexity ? "complexity C" : "vulnerability V";
        Chart chart = new Chart("Empirical CDF of " + name, complexity ? "complexity C (mean turning angle, rad)"
                : "vulnerability V (feature shift under attack)", "fraction of images ≤ x", x, y,
                Ticks.numeric(x.lo(), x.hi(), 6), Ticks.numeric(0, 1, 5), CDF_W, CDF_H);
        List<Chart.Key> keys = new ArrayList<>();
        for (Distribution d : sets) {
            boolean real = isReal(d.split(), d.source());
            String colour = real ? Palette.REAL : palette.of(d.source());
            double[][] steps = StepCurve.of(values(d, complexity), section.levels());
            String label = d.source() + (real ? " (real)" : "") + ", n = " + d.n();
            chart.line(steps[0], steps[1], colour, real ? 2.6 : 1.6, label);
            keys.add(new Chart.Key(label, colour));
        }
        return chart.legend(keys).render();
    }

    /** Shared extents of every scatter panel of the section, so that panels compare at a glance. */
    Extent[] scatterExtents() {
        List<Cloud> clouds = section.clouds();
        return new Extent[] {
            Extent.of(0.03, clouds.stream().map(Cloud::complexity).toArray(double[][]::new)),
            Extent.of(0.03, clouds.stream().map(Cloud::vulnerability).toArray(double[][]::new)),
        };
    }

    /** An empty scatter chart with the shared geometry. */
    Chart scatterFrame(String title) {
        Extent[] e = scatterExtents();
        return new Chart(title, "complexity C", "vulnerability V", e[0], e[1], Ticks.numeric(e[0].lo(), e[0].hi(), 5),
                Ticks.numeric(e[1].lo(), e[1].hi(), 5), SCATTER_W, SCATTER_H);
    }

    /**
     * The real cloud as a hidden definition drawn by every scatter panel: the real set is the same
     * in each, and writing it once keeps the page small. Empty when there is no real cloud.
     */
    String realDefinition(String id) {
        Cloud real = realCloud();
        if (real == null) {
            return "";
        }
        String group = scatterFrame("").pointGroup(id, real.complexity(), real.vulnerability(), Palette.REAL_POINTS,
                1.8, 0.5, real.source() + " (real), " + real.complexity().length + " points", pointTitles(real), null);
        return "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs>" + group + "</defs></svg>\n";
    }

    /** (C, V) of one generated source over the real cloud. */
    String scatter(String source, String realId) {
        Chart chart = scatterFrame(source + " vs " + section.reference());
        if (realCloud() != null) {
            chart.reuse(realId);
        }
        for (Cloud c : section.clouds()) {
            if (!isReal(c.split(), c.source()) && c.source().equals(source)) {
                chart.points(c.complexity(), c.vulnerability(), palette.of(source), 1.8, 0.6,
                        source + ", " + c.complexity().length + " points", pointTitles(c), c.pictures());
            }
        }
        return chart.legend(List.of(new Chart.Key(section.reference() + " (real)", Palette.REAL_POINTS),
                new Chart.Key(source, palette.of(source)))).render();
    }

    boolean hasHistory() {
        return section.history().stream().map(HistoryPoint::runId).distinct().count() > 1;
    }

    /** AS per source over the runs of this feature model, with each run's interval, the current run marked. */
    String history() {
        Map<String, List<HistoryPoint>> bySource = new LinkedHashMap<>();
        for (HistoryPoint p : section.history()) {
            if (p.asD() != null) {
                bySource.computeIfAbsent(p.source(), s -> new ArrayList<>()).add(p);
            }
        }
        // One x position per run, in time order, labelled by run id: runs are events, not a time scale.
        List<String> runs = runsInOrder(section.history());
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            position.put(runs.get(i), i);
        }
        Extent x = new Extent(-0.5, runs.size() - 0.5);
        int every = (runs.size() + MAX_RUN_LABELS - 1) / MAX_RUN_LABELS;
        List<Ticks.Tick> ticks = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (i % every == 0 || i == runs.size() - 1) {
                ticks.add(new Ticks.Tick(i, runs.get(i)));
            }
        }
        double maxAs = section.history().stream().filter(p -> p.asD() != null)
                .mapToDouble(p -> p.ciHigh() != null ? Math.max(p.ciHigh(), p.asD()) : p.asD()).max().orElse(1);
        Extent y = new Extent(0, Math.max(0.05, Math.min(1.0, maxAs * 1.12)));
        Chart chart = new Chart("AS per generated source over the runs of " + section.featureModel(),
                "run (in time order)", "AS (2D KS D)", x, y, ticks,
                Ticks.numeric(y.lo(), y.hi(), 5), HISTORY_W, HISTORY_H);
        for (Map.Entry<String, List<HistoryPoint>> e : bySource.entrySet()) {
            List<HistoryPoint> pts = new ArrayList<>(e.getValue());
            pts.sort(Comparator.comparing(HistoryPoint::runTs));
            double[] xs = pts.stream().mapToDouble(p -> position.get(p.runId())).toArray();
            double[] ys = pts.stream().mapToDouble(HistoryPoint::asD).toArray();
            String colour = palette.of(e.getKey());
            if (pts.size() > 1) {
                chart.line(xs, ys, colour, 1.6, e.getKey());
            }
            chart.points(xs, ys, colour, 3, 1.0, e.getKey());
            for (HistoryPoint p : pts) {
                double t = position.get(p.runId());
                if (p.ciLow() != null && p.ciHigh() != null) {
                    chart.line(new double[] {t, t}, new double[] {p.ciLow(), p.ciHigh()}, colour, 1.0,
                            e.getKey() + " in run " + p.runId() + ": AS 95 % interval [" + NumberText.fixed(p.ciLow(), 3)
                                    + ", " + NumberText.fixed(p.ciHigh(), 3) + "]");
                }
                if (p.runId().equals(runId)) {
                    chart.marker(t, p.asD(), colour, 5.5, e.getKey() + " in this run: AS = " + NumberText.fixed(p.asD(), 4));
                }
            }
        }
        return chart.render();
    }

    /** Hover text of each point: its path and (C, V). */
    private static String[] pointTitles(Cloud c) {
        String[] out = new String[c.paths().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.paths()[i] + "\nC = " + NumberText.fixed(c.complexity()[i], 4) + ", V = " + NumberText.fixed(c.vulnerability()[i], 4);
        }
        return out;
    }

    /** Run ids in the order of their first point's start time (history is sorted by time). */
    static List<String> runsInOrder(List<HistoryPoint> history) {
        return history.stream().map(HistoryPoint::runId).distinct().toList();
    }

    private Cloud realCloud() {
        return section.clouds().stream().filter(c -> isReal(c.split(), c.source())).findFirst().orElse(null);
    }

    private List<Distribution> orderedDistributions() {
        List<Distribution> out = new ArrayList<>();
        section.distributions().stream().filter(d -> isReal(d.split(), d.source())).forEach(out::add);
        for (String s : generatedOrder) {
            section.distributions().stream().filter(d -> !isReal(d.split(), d.source()) && d.source().equals(s))
                    .forEach(out::add);
        }
        return out;
    }

    private boolean isReal(String split, String source) {
        return "real".equals(split) && source.equals(section.reference());
    }

    private static double[] values(Distribution d, boolean complexity) {
        return complexity ? d.complexity() : d.vulnerability();
    }
}
