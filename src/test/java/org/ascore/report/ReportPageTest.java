package org.ascore.report;

import org.ascore.report.RunReport.Cloud;
import org.ascore.report.RunReport.Comparison;
import org.ascore.report.RunReport.Distribution;
import org.ascore.report.RunReport.Failure;
import org.ascore.report.RunReport.Failures;
import org.ascore.report.RunReport.RunInfo;
import org.ascore.report.RunReport.HistoryPoint;
import org.ascore.report.RunReport.Image;
import org.ascore.report.RunReport.Section;
import org.ascore.report.RunReport.SourceThumbnails;
import org.ascore.report.RunReport.SummaryRow;
import org.ascore.report.RunReport.Thumbnail;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.ascore.report.SvgHelpersTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page renderer on a hand-made report, without Spark. */
class ReportPageTest {
    static final String EVIL = "<script>alert('x')</script>";

    static Section section(List<HistoryPoint> history, String order) {
        double[] levels = {0, 0.5, 1};
        List<SummaryRow> summary = List.of(
                new SummaryRow("gan", 10, 8, 1, 0, 0.6, 1e-5, 0.1, 0.2, 1.0, 1.1, 0.52, 0.68, 12.5),
                new SummaryRow(EVIL, 10, 9, 0, 0, 0.3, 0.02, 0.1, 0.12, 1.0, 0.9, null, null, null));
        List<Distribution> dists = List.of(
                new Distribution("real", "real", 10, new double[] {0.05, 0.1, 0.2}, new double[] {0.5, 1, 2}),
                new Distribution("generated", "gan", 8, new double[] {0.1, 0.2, 0.3}, new double[] {0.6, 1.1, 2.2}),
                new Distribution("generated", EVIL, 9, new double[] {0.06, 0.12, 0.25}, new double[] {0.4, 0.9, 1.8}));
        Image img = new Image("data:image/png;base64,AAAA", 28, 28);
        List<Cloud> clouds = List.of(
                new Cloud("real", "real", new double[] {0.05, 0.1, 0.2}, new double[] {0.5, 1, 2},
                        new String[] {"/r/a.png", "/r/b.png", "/r/c.png"}, new Image[3]),
                new Cloud("generated", "gan", new double[] {0.1, 0.3}, new double[] {0.6, 2.2},
                        new String[] {"/g/one.png", "/g/" + EVIL + ".png"}, new Image[] {img, img}),
                new Cloud("generated", EVIL, new double[] {0.06}, new double[] {0.4}, new String[] {"/e/x.png"},
                        new Image[1]));
        List<SourceThumbnails> thumbs = List.of(new SourceThumbnails("gan", 8,
                List.of(new Thumbnail(1, "s3a://b/\"><img src=x>.png", 9.0, 99.0, 0.98, img)),
                List.of(new Thumbnail(8, "s3a://b/ok.png", 1.0, 50.0, 0.0, null)),
                new RunReport.Tie(26, 1.0, 1), null));
        return new Section("vit-s", "real", Instant.parse("2025-01-02T03:04:05Z"), "p1", order, summary, levels,
                dists, clouds, thumbs, history, List.of(new Comparison(EVIL, "gan", -0.3, 0.998),
                        new Comparison("gan", EVIL, 0.3, 0.002)),
                new RunInfo("K=8; eps_c=0.1; dir=" + EVIL, "real real=/r; generated {gan=[/g]}", "ab12", "0.9",
                        "PyTorch", "cpu", 64, "fp32"),
                new Failures(150, List.of(new Failure("generated", "gan", "/g/" + EVIL + ".png", "decode_error",
                        "not an image: " + EVIL))));
    }

    @Test
    void everyDataStringIsEscapedAndNothingIsLoadedFromOutside() {
        String html = ReportPage.render(new RunReport("run-1", List.of(section(List.of(), "ref-dev"))));
        assertFalse(html.contains(EVIL));
        assertFalse(html.contains("<script"), "no script at all");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertFalse(html.contains("\"><img src=x>"));
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:|//).*"), "no external resource");
        assertTrue(html.contains("Content-Security-Policy"));
    }

    @Test
    void theSettingsAndTheFailedImagesAreListed() {
        String html = ReportPage.render(new RunReport("run-1", List.of(section(List.of(), "ref-dev"))));
        assertTrue(html.contains("<code>K=8<br>eps_c=0.1<br>dir=&lt;script&gt;"), "one parameter a line");
        assertTrue(html.contains("<th>engine / device</th><td class=\"src\"><code>PyTorch / cpu</code>"));
        assertTrue(html.contains("<th>batch size</th><td class=\"src\"><code>64</code>"));
        assertTrue(html.contains("150 images were not scored; the first 1 by split, source and path are listed"));
        assertTrue(html.contains("<td class=\"src\">/g/&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;.png</td>"
                + "<td class=\"src\">decode_error</td><td class=\"src\">not an image: &lt;script&gt;"), "path, status, error");
    }

    @Test
    void aPickAmongTiesSaysSo() {
        String html = ReportPage.render(new RunReport("run-1", List.of(section(List.of(), "ref-dev"))));
        assertTrue(html.contains("Least like the real set (top of the ranking); 26 images tie at dev = 1.00, shown: "
                + "the 1 whose AS-i lies farthest from the real median</p>"), "the top end is a pick");
        assertTrue(html.contains("Most like the real set (bottom of the ranking)</p>"), "the bottom end is not");
    }

    @Test
    void theAsTableShowsTheIntervalAndFd() {
        String html = ReportPage.render(new RunReport("run-1", List.of(section(List.of(), "ref-dev"))));
        assertTrue(html.contains("<td><b>0.6000</b></td><td>[0.5200, 0.6800]</td>"), "interval next to AS");
        assertTrue(html.contains("<td>12.5</td><td>–</td></tr>"), "FD, then no change without an earlier run");
        assertTrue(html.contains("is closer to real than gan in 99.8 % of replicates\">99.8 %</td>"), "matrix cell");
        assertTrue(html.contains("<td title=\"gan is closer to real than"), "both orders");
    }

    @Test
    void drawsTwoCdfsAndOneScatterPerSourceAndNoHistoryForASingleRun() {
        Section s = section(List.of(new HistoryPoint("gan", "run-1", Instant.EPOCH, 0.6, null, null)), "ref-dev");
        String html = ReportPage.render(new RunReport("run-1", List.of(s)));
        assertEquals(2 + 2, count(html, "<svg class=\"plot\""));
        assertEquals(2 * 3, count(html, "<polyline class=\"series\""));
        assertEquals(1, count(html, "id=\"real-cloud-0\""), "the real cloud is written once");
        assertEquals(2, count(html, "<use href=\"#real-cloud-0\""), "and drawn in each scatter");
        assertEquals(1, count(html, "<img"));
        assertEquals(1, count(html, "unreadable"));
        assertTrue(html.contains("no history yet"));
        assertTrue(html.contains("Ranking order <code>ref-dev</code>"));
    }

    @Test
    void drawsTheHistoryWhenTheFeatureModelHasSeveralRuns() {
        Instant t0 = Instant.parse("2025-01-01T02:00:00Z");
        List<HistoryPoint> h = List.of(new HistoryPoint("gan", "run-0", t0, 0.7, 0.65, 0.78),
                new HistoryPoint("gan", "run-1", t0.plusSeconds(86_400), 0.6, null, null),
                new HistoryPoint("old-model", "run-0", t0, 0.9, null, null));
        String html = ReportPage.render(new RunReport("run-1", List.of(section(h, "as-i"))));
        assertEquals(2 + 2 + 1, count(html, "<svg class=\"plot\""));
        assertTrue(html.contains("AS per generated source over the runs of vit-s"));
        assertTrue(html.contains("class=\"marker\""), "the current run is marked");
        assertTrue(html.contains("gan in run run-0: AS 95 % interval [0.650, 0.780]"), "each run's interval is drawn");
        assertTrue(html.contains("old-model"), "sources of earlier runs appear in the legend");
        assertTrue(html.contains("Ranking order <code>as-i</code>"));
        assertTrue(html.contains("Highest AS-i"));
        assertTrue(html.contains("<td>-0.1000 (vs <code>run-0</code>)</td></tr>"), "AS 0.6 now, 0.7 in run-0");
        assertTrue(html.contains(">run-0</text>") && html.contains(">run-1</text>"), "the axis names the runs");
        assertFalse(html.contains("2025-01-01"), "and not their times");
    }

    @Test
    void everyScatterPointNamesItsImageOnHover() {
        String html = ReportPage.render(new RunReport("run-1", List.of(section(List.of(), "ref-dev"))));
        assertTrue(html.contains("\"><title>/g/one.png\nC = 0.1000, V = 0.6000</title></circle>"));
        assertTrue(html.contains("<title>/g/&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;.png\nC = 0.3000"));
        assertEquals(1, count(html, "<title>/r/b.png\nC = 0.1000, V = 1.0000</title>"), "real points once, in the definition");
    }

    @Test
    void aGeneratedPointWithAPictureShowsItAndItsFileNameOnHoverWithoutScript() {
        String html = ReportPage.render(new RunReport("run-1", List.of(section(List.of(), "ref-dev"))));
        assertEquals(2, count(html, "<g class=\"tip\""), "only the points given a picture");
        assertTrue(html.contains("<g class=\"pt\"><rect class=\"hit\"") && html.contains("href=\"data:image/png;base64,"
                + "AAAA\"/><text class=\"tipname\""), "the picture beside the point");
        assertTrue(html.indexOf("<g class=\"hovers\">") > html.indexOf("<g class=\"legend\">"), "drawn over the legend");
        assertTrue(html.contains(">one.png</text></g></g>"), "the file name");
        assertTrue(html.contains(">script&gt;.png</text></g></g>"), "the last segment of the path, escaped");
        assertTrue(html.contains("svg.plot .pt:hover .tip{display:inline}"), "shown by CSS on hover");
        assertTrue(html.contains("up to 2 points of each generated source"), "the note says how many have one");
        assertFalse(html.contains("<script"), "no script at all");
    }
}
