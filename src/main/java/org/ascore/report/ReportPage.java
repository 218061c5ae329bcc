package org.ascore.report;

import org.ascore.report.RunReport.Failure;
import org.ascore.report.RunReport.Failures;
import org.ascore.report.RunReport.HistoryPoint;
import org.ascore.report.RunReport.RunInfo;
import org.ascore.report.RunReport.Section;
import org.ascore.report.RunReport.SourceThumbnails;
import org.ascore.report.RunReport.SummaryRow;
import org.ascore.report.RunReport.Thumbnail;

import java.time.ZoneOffset;
import java.util.Arrays;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a {@link RunReport} as one self-contained HTML page: inline CSS, inline SVG, images as
 * data: URIs, no script. A Content-Security-Policy forbids every external load, so the page looks
 * the same offline, from an object store, or attached to a ticket. Every string that comes from
 * data (labels, paths, ids) goes through {@link Html#escape}.
 */
public final class ReportPage {
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** Thumbnails are shown at this size; smaller pictures are enlarged without smoothing. */
    private static final int THUMB_CSS_PX = 72;

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#fff}
            main{max-width:1260px;margin:0 auto;padding:12px 18px 40px}
            h1{font-size:22px;margin:10px 0 4px}h2{font-size:19px;margin:28px 0 6px;border-bottom:2px solid #ddd}
            h3{font-size:16px;margin:20px 0 6px}h4{font-size:14px;margin:14px 0 4px}
            p.note{color:#555;max-width:980px;margin:4px 0 8px}
            code{background:#f3f3f3;padding:0 3px;border-radius:3px}
            table.summary{border-collapse:collapse;font-variant-numeric:tabular-nums}
            table.summary th,table.summary td{border:1px solid #d6d6d6;padding:3px 8px;text-align:right}
            table.summary th{background:#f4f4f4}table.summary td.src{text-align:left;white-space:nowrap}
            table.settings th{text-align:left}table.failures td.src{white-space:normal;word-break:break-all}
            .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:baseline}
            .plots{display:flex;flex-wrap:wrap;gap:10px}
            svg.plot{background:#fff;border:1px solid #e2e2e2}
            svg.defs{position:absolute;width:0;height:0;overflow:hidden}
            svg.plot .frame{fill:none;stroke:#999}svg.plot .grid{stroke:#ececec}svg.plot .tick{stroke:#999}
            svg.plot text{font:11px system-ui,sans-serif;fill:#444}
            svg.plot .charttitle{font-size:13px;font-weight:600;fill:#222}svg.plot .axislabel{font-size:12px;fill:#333}
            svg.plot .legend rect{fill:#fff;fill-opacity:.85;stroke:#ccc}
            svg.plot .hit{fill:#000;fill-opacity:0}svg.plot .tip{display:none;pointer-events:none}
            svg.plot .pt:hover .tip{display:inline}
            svg.plot .tip rect{fill:#fff;fill-opacity:.96;stroke:#888}svg.plot .tip image.px{image-rendering:pixelated}
            svg.plot .tip .tipname{font-size:10px;fill:#222;fill-opacity:1}
            .legendrow span{margin-right:14px;white-space:nowrap}
            .thumbs{display:flex;flex-wrap:wrap;gap:6px;margin:2px 0 8px}
            figure.thumb{margin:0;width:84px;text-align:center;font-size:10px;color:#444}
            figure.thumb img,figure.thumb .missing{width:72px;height:72px;object-fit:contain;background:#f4f4f4;border:1px solid #ddd}
            figure.thumb img.px{image-rendering:pixelated}
            figure.thumb .missing{display:flex;align-items:center;justify-content:center;margin:0 auto;color:#999}
            figure.thumb figcaption{line-height:1.25}
            """;

    private ReportPage() {
    }

    public static String render(RunReport report) {
        StringBuilder b = new StringBuilder(1 << 16);
        String runId = Html.escape(report.runId());
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; ")
                .append("style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Anomaly Score report, run ").append(runId).append("</title>\n<style>").append(CSS)
                .append("</style></head>\n<body><main>\n")
                .append("<h1>Anomaly Score report, run <code>").append(runId).append("</code></h1>\n")
                .append("<p class=\"note\">AS is the two-sample 2D Kolmogorov–Smirnov statistic D between the ")
                .append("(complexity C, vulnerability V) points of the real reference set and of a generated set, in ")
                .append("[0, 1]: <b>lower is closer to real</b>. AS-i = V / C rates single generated images ")
                .append("(Hwang, Lee &amp; Lee, CVPR 2024).</p>\n");
        if (report.sections().size() > 1) {
            b.append("<p>Feature models:");
            for (int i = 0; i < report.sections().size(); i++) {
                b.append(" <a href=\"#fm-").append(i).append("\">")
                        .append(Html.escape(report.sections().get(i).featureModel())).append("</a>");
            }
            b.append("</p>\n");
        }
        for (int i = 0; i < report.sections().size(); i++) {
            section(b, report.runId(), report.sections().get(i), i);
        }
        return b.append("</main></body></html>\n").toString();
    }

    private static void section(StringBuilder b, String runId, Section s, int index) {
        List<String> generated = s.summary().stream().map(SummaryRow::source).toList();
        Set<String> allSources = new LinkedHashSet<>(generated);
        s.history().forEach(h -> allSources.add(h.source()));
        Palette palette = new Palette(allSources);
        Plots plots = new Plots(s, palette, generated, runId);

        b.append("<section class=\"model\" id=\"fm-").append(index).append("\">\n<h2>Feature model <code>")
                .append(Html.escape(s.featureModel())).append("</code></h2>\n<p class=\"note\">Reference (real) set: <b>")
                .append(Html.escape(s.reference())).append("</b>; run started ")
                .append(s.runTs() == null ? "–" : TS.format(s.runTs())).append("; parameters <code>")
                .append(Html.escape(s.paramsId())).append("</code>.</p>\n");

        settings(b, s);
        summaryTable(b, s, palette, runId);
        failures(b, s);
        comparisonMatrix(b, s);

        b.append("<h3>Distributions of complexity and vulnerability</h3>\n<p class=\"note\">Empirical CDFs of every ")
                .append("image scored ok (drawn at ").append(s.levels().length).append(" quantiles). A generated set ")
                .append("close to the real one has curves close to the real (dark) curve.</p>\n<div class=\"plots\">\n")
                .append(plots.cdf(true)).append('\n').append(plots.cdf(false)).append("\n</div>\n");

        String realId = "real-cloud-" + index;
        b.append("<h3>(C, V) of each generated source over the real set</h3>\n<p class=\"note\">At most ")
                .append("a fixed number of points per set, chosen by a hash of the image path, so the same run ")
                .append("always shows the same points. AS measures how far apart these two clouds are. Hovering a ")
                .append("point shows its path and (C, V)").append(hoverPictures(s)).append(".</p>\n")
                .append(plots.realDefinition(realId)).append("<div class=\"plots\">\n");
        for (String source : generated) {
            b.append(plots.scatter(source, realId)).append('\n');
        }
        b.append("</div>\n");

        b.append("<h3>AS over time</h3>\n");
        if (plots.hasHistory()) {
            b.append("<p class=\"note\">AS of every run of feature model <code>").append(Html.escape(s.featureModel()))
                    .append("</code>; the large dots are this run. Runs with other parameters can differ for that ")
                    .append("reason alone.</p>\n").append(plots.history()).append("\n<p class=\"legendrow\">");
            for (String source : allSources) {
                b.append("<span><i class=\"swatch\" style=\"background:").append(Html.escape(palette.of(source)))
                        .append("\"></i>").append(Html.escape(source)).append("</span>");
            }
            b.append("</p>\n");
        } else {
            b.append("<p class=\"note\">This is the only run of this feature model in the summary table, so there is ")
                    .append("no history yet.</p>\n");
        }

        rankings(b, s);
        b.append("</section>\n");
    }

    /** What the scatter note says about hover pictures: how many points per source have one, if any. */
    private static String hoverPictures(Section s) {
        long most = s.clouds().stream().mapToLong(c -> Arrays.stream(c.pictures()).filter(p -> p != null).count())
                .max().orElse(0);
        return most == 0 ? "" : "; up to " + most + (most == 1 ? " point" : " points") + " of each generated source "
                + "(the first by the same hash) also show a small picture of the image, a bound that keeps the page small";
    }

    /** The run's settings in words, one row each; "not recorded" for runs committed before they were. */
    private static void settings(StringBuilder b, Section s) {
        RunInfo info = s.info();
        b.append("<h3>Run settings</h3>\n<table class=\"summary settings\"><tbody>\n");
        setting(b, "metric parameters", info.params(), true);
        setting(b, "inputs", info.inputs(), false);
        setting(b, "model file sha256", info.modelSha256(), false);
        setting(b, "ascore version", info.ascoreVersion(), false);
        setting(b, "engine / device", info.engine() == null && info.device() == null ? null
                : info.engine() + " / " + info.device(), false);
        setting(b, "batch size", info.batchSize() == null ? null : info.batchSize().toString(), false);
        setting(b, "precision", info.precision(), false);
        b.append("</tbody></table>\n<p class=\"note\">K, eps_c and noise drive the complexity C (K noise steps of ")
                .append("size eps_c); J, eps_v, alpha, jitter and dir the vulnerability V (J attack steps of size alpha ")
                .append("within eps_v, in direction dir); seed fixes every random draw; pre is the model's ")
                .append("preprocessing. Their hash is the parameters id above.</p>\n");
    }

    /** One settings row; {@code perLine} puts each "; "-separated part of the value on a line of its own. */
    private static void setting(StringBuilder b, String name, String value, boolean perLine) {
        String shown = value == null ? "<i>not recorded</i>"
                : perLine ? String.join("<br>", Arrays.stream(value.split("; ")).map(Html::escape).toList())
                : Html.escape(value);
        b.append("<tr><th>").append(name).append("</th><td class=\"src\"><code>").append(shown)
                .append("</code></td></tr>\n");
    }

    /** The images not scored, with status and error, so a failure can be found without querying the tables. */
    private static void failures(StringBuilder b, Section s) {
        Failures f = s.failures();
        if (f.total() == 0) {
            return;
        }
        b.append("<h3>Images not scored</h3>\n<p class=\"note\">").append(f.total())
                .append(f.total() == 1 ? " image was" : " images were").append(" not scored");
        if (f.total() > f.shown().size()) {
            b.append("; the first ").append(f.shown().size()).append(" by split, source and path are listed");
        }
        b.append(". They count in the failed columns above and take no part in AS.</p>\n")
                .append("<table class=\"summary failures\"><thead><tr><th>split</th><th>source</th><th>path</th>")
                .append("<th>status</th><th>error</th></tr></thead><tbody>\n");
        for (Failure r : f.shown()) {
            b.append("<tr><td class=\"src\">").append(Html.escape(r.split())).append("</td><td class=\"src\">")
                    .append(Html.escape(r.source())).append("</td><td class=\"src\">").append(Html.escape(r.path()))
                    .append("</td><td class=\"src\">").append(Html.escape(r.status())).append("</td><td class=\"src\">")
                    .append(r.error() == null ? "" : Html.escape(r.error())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private static void summaryTable(StringBuilder b, Section s, Palette palette, String runId) {
        Map<String, HistoryPoint> previous = previousRun(s.history(), runId);
        b.append("<h3>Anomaly Score per generated source</h3>\n<table class=\"summary\"><thead><tr>")
                .append("<th>source</th><th>n real</th><th>n generated</th>")
                .append("<th title=\"generated images not scored (see the scores table's status)\">failed gen.</th>")
                .append("<th title=\"real images not scored\">failed real</th>")
                .append("<th title=\"2D KS statistic D; lower = closer to real\">AS (D)</th>")
                .append("<th title=\"95 % bootstrap interval of AS\">AS 95 % interval</th><th>p-value</th>")
                .append("<th>median C real</th><th>median C gen.</th><th>median V real</th><th>median V gen.</th>")
                .append("<th title=\"Fréchet distance of the backbone features to the real set\">FD</th>")
                .append("<th title=\"AS of this run minus AS of the latest earlier run of this feature model with the ")
                .append("source\">change since previous run</th></tr></thead><tbody>\n");
        for (SummaryRow r : s.summary()) {
            b.append("<tr><td class=\"src\"><i class=\"swatch\" style=\"background:")
                    .append(Html.escape(palette.of(r.source()))).append("\"></i>").append(Html.escape(r.source()))
                    .append("</td><td>").append(r.nReal()).append("</td><td>").append(r.nGenerated())
                    .append("</td><td>").append(r.nFailed()).append("</td><td>").append(r.nRealFailed())
                    .append("</td><td><b>").append(NumberText.fixed(r.asD(), 4)).append("</b></td><td>")
                    .append(r.asDCiLow() == null ? "" : "[" + NumberText.fixed(r.asDCiLow(), 4) + ", "
                            + NumberText.fixed(r.asDCiHigh(), 4) + "]").append("</td><td>")
                    .append(NumberText.sig(r.pValue())).append("</td><td>").append(NumberText.fixed(r.medianCReal(), 4))
                    .append("</td><td>").append(NumberText.fixed(r.medianCGenerated(), 4)).append("</td><td>")
                    .append(NumberText.fixed(r.medianVReal(), 4)).append("</td><td>")
                    .append(NumberText.fixed(r.medianVGenerated(), 4)).append("</td><td>").append(NumberText.sig(r.fd()))
                    .append("</td><td>").append(change(r.asD(), previous.get(r.source()))).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n<p class=\"note\">Sorted by AS, worst first. The p-value tests whether the ")
                .append("two (C, V) samples come from one distribution; with thousands of images even small ")
                .append("differences are significant, so compare AS values rather than p-values.</p>\n");
    }

    /** Per source, its point in the latest run before {@code runId} that has an AS for it. */
    static Map<String, HistoryPoint> previousRun(List<HistoryPoint> history, String runId) {
        Map<String, HistoryPoint> out = new HashMap<>();
        for (HistoryPoint p : history) { // in time order
            if (p.runId().equals(runId)) {
                break;
            }
            if (p.asD() != null) {
                out.put(p.source(), p);
            }
        }
        return out;
    }

    private static String change(Double asD, HistoryPoint before) {
        if (asD == null || before == null) {
            return "–";
        }
        double d = asD - before.asD();
        return (d > 0 ? "+" : "") + NumberText.fixed(d, 4) + " (vs <code>" + Html.escape(before.runId()) + "</code>)";
    }

    /** p_a_closer of every ordered pair, row A against column B, sources in the AS table's order. */
    private static void comparisonMatrix(StringBuilder b, Section s) {
        if (s.comparisons().stream().allMatch(c -> c.pACloser() == null)) {
            return;
        }
        Map<List<String>, Double> closer = new HashMap<>();
        s.comparisons().forEach(c -> closer.put(List.of(c.sourceA(), c.sourceB()), c.pACloser()));
        List<String> sources = s.summary().stream().map(SummaryRow::source).toList();
        b.append("<h3>Paired comparison</h3>\n<p class=\"note\">Share of bootstrap replicates in which the row's ")
                .append("source has a lower AS (is closer to real) than the column's, both against the same resampled ")
                .append("real set.</p>\n<table class=\"summary\"><thead><tr><th>closer than →</th>");
        sources.forEach(src -> b.append("<th>").append(Html.escape(src)).append("</th>"));
        b.append("</tr></thead><tbody>\n");
        for (String a : sources) {
            b.append("<tr><td class=\"src\">").append(Html.escape(a)).append("</td>");
            for (String o : sources) {
                Double p = closer.get(List.of(a, o));
                b.append(p == null ? "<td>–</td>" : "<td title=\"" + Html.escape(a) + " is closer to real than "
                        + Html.escape(o) + " in " + percent(p) + " of replicates\">" + percent(p) + "</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * p);
    }

    private static void rankings(StringBuilder b, Section s) {
        b.append("<h3>Individual generated images</h3>\n<p class=\"note\">").append(orderText(s.rankingOrder()))
                .append("</p>\n");
        if (s.thumbnails().isEmpty()) {
            b.append("<p class=\"note\">No ranked images.</p>\n");
            return;
        }
        boolean refDev = !"as-i".equals(s.rankingOrder());
        for (SourceThumbnails t : s.thumbnails()) {
            b.append("<h4>").append(Html.escape(t.source())).append(" (").append(t.ranked())
                    .append(" ranked images)</h4>\n");
            thumbRow(b, (refDev ? "Least like the real set (top of the ranking)" : "Highest AS-i (top of the ranking)")
                    + tieText(t.topTie(), refDev, true), t.top());
            if (!t.bottom().isEmpty()) {
                thumbRow(b, (refDev ? "Most like the real set (bottom of the ranking)"
                        : "Lowest AS-i (bottom of the ranking)") + tieText(t.bottomTie(), refDev, false), t.bottom());
            }
        }
    }

    /** Says that an end shows a pick among equal ranking values, and which pick. */
    static String tieText(RunReport.Tie tie, boolean refDev, boolean top) {
        if (tie == null) {
            return "";
        }
        String which = refDev ? (top ? "the " + tie.shown() + " whose AS-i lies farthest from the real median"
                : "the " + tie.shown() + " whose AS-i lies closest to the real median")
                : "the " + tie.shown() + (top ? " first" : " last") + " by path";
        return String.format(Locale.ROOT, "; %d images tie at %s = %s, shown: %s", tie.count(), refDev ? "dev" : "AS-i",
                NumberText.fixed(tie.value(), refDev ? 2 : 3), which);
    }

    /** Which order the ranking shows, in words: raw AS-i and its reference-relative form rank in different directions. */
    static String orderText(String order) {
        if ("as-i".equals(order)) {
            return "Ranking order <code>as-i</code>: by raw AS-i = V / C, highest first (the paper's direction: high "
                    + "AS-i = anomalous). Whether that direction holds depends on the backbone and the data; "
                    + "compare the real set's AS-i in the scores table.";
        }
        if ("ref-dev".equals(order)) {
            return "Ranking order <code>ref-dev</code>: by how far an image's AS-i lies from the middle of the real "
                    + "set's AS-i values (<code>asi_ref_dev</code> = |percentile − 50| / 50), largest first, so rank 1 is "
                    + "the image least like the real images in either direction. Equal values (every image beyond the real "
                    + "range has dev 1.00) are ordered by the distance of AS-i from the real set's median AS-i, in median "
                    + "absolute deviations of the real AS-i, farthest first.";
        }
        return "Ranking order <code>" + Html.escape(order == null ? "unknown" : order) + "</code>.";
    }

    private static void thumbRow(StringBuilder b, String caption, List<Thumbnail> thumbs) {
        b.append("<p class=\"note\">").append(Html.escape(caption)).append("</p>\n<div class=\"thumbs\">");
        for (Thumbnail t : thumbs) {
            String path = Html.escape(t.path());
            b.append("<figure class=\"thumb\" title=\"").append(path).append("\">");
            if (t.image() != null) {
                boolean small = Math.max(t.image().width(), t.image().height()) < THUMB_CSS_PX;
                b.append("<img").append(small ? " class=\"px\"" : "").append(" src=\"")
                        .append(Html.escape(t.image().dataUri())).append("\" alt=\"rank ").append(t.rank()).append(": ")
                        .append(path).append("\" width=\"").append(THUMB_CSS_PX).append("\" height=\"")
                        .append(THUMB_CSS_PX).append("\">");
            } else {
                b.append("<div class=\"missing\">unreadable</div>");
            }
            b.append("<figcaption>#").append(t.rank()).append("<br>AS-i ").append(NumberText.fixed(t.asI(), 3))
                    .append("<br>dev ").append(NumberText.fixed(t.refDev(), 2)).append("</figcaption></figure>");
        }
        b.append("</div>\n");
    }
}
