package org.ascore.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.ascore.cli.Main;
import org.ascore.testing.RequiredTool;
import org.ascore.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The report of a real (small) pipeline run, written by {@code ascore report} and opened in
 * headless Chromium: what a person would see, not only what the Java code meant to write, including
 * a real mouse hover ({@link DevTools}). Skipped without Chromium, except under CI=true ({@link RequiredTool}).
 */
class ReportBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final long BROWSER_TIMEOUT_S = 90;

    @TempDir
    static Path tmp;
    static Path out;
    static String cliOut;
    static String page;
    static String dom;
    static BufferedImage screenshot;

    @BeforeAll
    static void writeAndRender() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            return; // each test then reports the skip (a skip in @BeforeAll would not show in the report)
        }
        out = TwoRuns.out();
        SparkTestSession.get();
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int rc = Main.run(new PrintWriter(stdout), new PrintWriter(stderr), "report", "--out", out.toString(),
                "--run-id", TwoRuns.SECOND);
        assertEquals(0, rc, stderr.toString());
        cliOut = stdout.toString().trim();
        Path index = out.resolve("reports").resolve(TwoRuns.SECOND).resolve("index.html");
        page = Files.readString(index);
        Path png = tmp.resolve("report.png");
        chromium("--screenshot=" + png, "--window-size=1280,2400", index.toUri().toString());
        screenshot = ImageIO.read(png.toFile());
        dom = chromium("--dump-dom", index.toUri().toString());
    }

    @BeforeEach
    void needsChromium() {
        RequiredTool.require("headless Chromium", Files.isExecutable(CHROMIUM), "no executable " + CHROMIUM,
                "install Debian's chromium package (`apt-get install -y chromium`; .ci/run does)");
    }

    /** Runs headless Chromium with a fresh profile and returns its stdout; fails on error or timeout. */
    static String chromium(String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        Path stdout = tmp.resolve("chromium-" + System.nanoTime() + ".out");
        Path stderr = tmp.resolve("chromium-" + System.nanoTime() + ".err");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            if (!p.waitFor(BROWSER_TIMEOUT_S, TimeUnit.SECONDS)) {
                fail("Chromium did not finish within " + BROWSER_TIMEOUT_S + " s: " + cmd + "\n" + Files.readString(stderr));
            }
            assertEquals(0, p.exitValue(), "Chromium failed: " + cmd + "\n" + Files.readString(stderr));
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theCommandPrintsTheUriOfThePage() {
        assertTrue(cliOut.endsWith("/reports/" + TwoRuns.SECOND + "/index.html"), cliOut);
        assertEquals(out.resolve("reports").resolve(TwoRuns.SECOND).resolve("index.html").toAbsolutePath(),
                Path.of(URI.create(cliOut.replaceFirst("^file:/+", "file:///"))));
    }

    @Test
    void anUnknownRunOrFeatureModelIsABadArgument() {
        StringWriter err = new StringWriter();
        int rc = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "report", "--out",
                out.toString(), "--run-id", "no-such-run");
        assertEquals(Main.EXIT_CONFIG, rc);
        assertTrue(err.toString().contains("--run-id") && err.toString().contains("no-such-run"), err.toString());
        err = new StringWriter();
        rc = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "report", "--out", out.toString(),
                "--run-id", TwoRuns.SECOND, "--feature-model", "vit-huge");
        assertEquals(Main.EXIT_CONFIG, rc);
        assertTrue(err.toString().contains("--feature-model") && err.toString().contains(TwoRuns.FEATURE_MODEL),
                err.toString());
    }

    @Test
    void theRenderedPageHasEveryPlotWithData() {
        List<String> plots = elements(dom, "svg", "class=\"plot\"");
        // CDF of C, CDF of V, one scatter per generated source, and the history (two runs).
        assertEquals(2 + 2 + 1, plots.size(), "plots in the rendered DOM");
        for (String svg : plots) {
            int series = count(svg, "<polyline") + count(svg, "<circle") + count(svg, "<use");
            assertTrue(series > 0, "a plot without data: " + svg.substring(0, Math.min(300, svg.length())));
        }
        assertEquals(3, count(plots.get(0), "<polyline class=\"series\""), "real + 2 generated CDFs of C");
        assertEquals(3, count(plots.get(1), "<polyline class=\"series\""), "real + 2 generated CDFs of V");
        for (int i = 2; i < 4; i++) {
            assertEquals(TwoRuns.PER_SOURCE, count(plots.get(i), "<circle"), "generated points of a scatter");
            assertEquals(1, count(plots.get(i), "<use href=\"#real-cloud-0\""), "the real cloud under it");
        }
        assertTrue(dom.contains("id=\"real-cloud-0\""));
        assertEquals(TwoRuns.REAL, count(elements(dom, "g", "id=\"real-cloud-0\"").get(0), "<circle"));
        assertTrue(count(plots.get(4), "<circle") >= 4, "two sources × two runs in the history");
        assertTrue(plots.get(4).contains(">" + TwoRuns.FIRST + "</text>") && plots.get(4).contains(">" + TwoRuns.SECOND
                + "</text>"), "the history axis names the runs");
        for (int i = 2; i < 4; i++) {
            assertEquals(TwoRuns.PER_SOURCE, count(plots.get(i), "</title></circle>"), "a hover text per generated point");
        }
        assertTrue(Pattern.compile("<circle [^>]*><title>[^<]*/pca-4/[^<]*\\.png\\s+C = [0-9.]+, V = [0-9.]+</title>")
                .matcher(dom).find(), "the hover names the image and its (C, V)");
        assertTrue(dom.contains("Ranking order <code>ref-dev</code>"));
    }

    /** Where the first scatter point with a hover picture is, scrolled to the middle of the window. */
    private static final String FIRST_PICTURED_POINT = "(() => { const h = document.querySelector('svg.plot g.pt rect.hit');"
            + " h.scrollIntoView({block: 'center'}); const b = h.getBoundingClientRect();"
            + " return {x: b.x + b.width / 2, y: b.y + b.height / 2,"
            + " display: getComputedStyle(h.parentNode.querySelector('.tip')).display}; })()";
    /** The hovered points, each with its tip's display, path, name, picture and the picture's box on screen. */
    private static final String HOVERED = "[...document.querySelectorAll('svg.plot g.pt')].filter(g => g.matches(':hover'))"
            + ".map(g => { const img = g.querySelector('.tip image'); const b = img.getBoundingClientRect();"
            + " const s = g.closest('svg.plot').getBoundingClientRect();"
            + " return {display: getComputedStyle(g.querySelector('.tip')).display,"
            + " path: g.querySelector('rect.hit > title').textContent.split('\\n')[0],"
            + " name: g.querySelector('.tip text').textContent, href: img.getAttribute('href'),"
            + " x: b.x, y: b.y, w: b.width, h: b.height,"
            + " inside: b.left >= s.left && b.right <= s.right && b.top >= s.top && b.bottom <= s.bottom}; })";

    @Test
    void hoveringAGeneratedPointShowsItsPathAndAPictureOfTheImage() throws Exception {
        Path index = out.resolve("reports").resolve(TwoRuns.SECOND).resolve("index.html");
        try (DevTools browser = DevTools.open(CHROMIUM, tmp.resolve("devtools-profile"), index.toUri(), "1280,900",
                BROWSER_TIMEOUT_S)) {
            JsonNode at = browser.eval(FIRST_PICTURED_POINT);
            assertEquals("none", at.path("display").asText(), "the picture is hidden until the point is hovered");
            browser.call("Input.dispatchMouseEvent", DevTools.params().put("type", "mouseMoved")
                    .put("x", at.path("x").asDouble()).put("y", at.path("y").asDouble()));
            JsonNode hovered = browser.eval(HOVERED);
            assertEquals(1, hovered.size(), "one hovered point: " + hovered);
            JsonNode tip = hovered.get(0);
            assertEquals("inline", tip.path("display").asText());
            assertTrue(tip.path("inside").asBoolean(), "the picture lies inside its chart: " + tip);
            String path = tip.path("path").asText();
            assertTrue(path.matches(".*/pca-(4|64)/[^/]+\\.png"), path);
            assertEquals(path.substring(path.lastIndexOf('/') + 1), tip.path("name").asText(), "the file name under it");
            // The embedded picture is the image itself (28 × 28 fits the hover's size unscaled) ...
            String href = tip.path("href").asText();
            assertTrue(href.startsWith("data:image/png;base64,"), href);
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                    href.substring(href.indexOf(',') + 1))));
            BufferedImage original = ImageIO.read(Path.of(URI.create(path.replaceFirst("^file:/+", "file:///"))).toFile());
            assertEquals(original.getWidth(), picture.getWidth());
            assertEquals(original.getHeight(), picture.getHeight());
            for (int y = 0; y < original.getHeight(); y++) {
                for (int x = 0; x < original.getWidth(); x++) {
                    assertEquals(original.getRaster().getSample(x, y, 0), picture.getRaster().getSample(x, y, 0));
                }
            }
            // ... and the screen shows it, over everything else: the centre of each of its pixels,
            // enlarged without smoothing.
            BufferedImage screen = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                    browser.call("Page.captureScreenshot", DevTools.params().put("format", "png")).path("data").asText())));
            double sx = tip.path("w").asDouble() / original.getWidth();
            double sy = tip.path("h").asDouble() / original.getHeight();
            for (int y = 0; y < original.getHeight(); y++) {
                for (int x = 0; x < original.getWidth(); x++) {
                    int shown = screen.getRGB((int) (tip.path("x").asDouble() + (x + 0.5) * sx),
                            (int) (tip.path("y").asDouble() + (y + 0.5) * sy)) & 0xff;
                    assertEquals(original.getRaster().getSample(x, y, 0), shown, 2.0, "pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void theSettingsAndTheFilesThatFailedAreListed() {
        assertTrue(Pattern.compile("<code>K=\\d+<br>eps_c=[^<]+<br>noise=[^<]+<br>J=\\d+<br>eps_v=[^<]+<br>alpha=[^<]+"
                + "<br>jitter=[^<]+<br>dir=[^<]+<br>seed=\\d+").matcher(dom).find(), "the metric parameters in words");
        assertTrue(dom.contains("pca-4=") && dom.contains("pca-64="), "the generated roots");
        // TwoRuns made one real file corrupt and one pca-4 file empty: both are listed with path, status and error.
        for (String[] f : new String[][] {{"real/corrupt.png", "decode_error", "[^<]+"},
                {"pca-4/empty.png", "empty_file", "file is empty"}}) {
            assertTrue(Pattern.compile("<td class=\"src\">[^<]*" + Pattern.quote(f[0]) + "</td><td class=\"src\">"
                    + f[1] + "</td><td class=\"src\">" + f[2] + "</td>").matcher(dom).find(), f[0]);
        }
        assertTrue(dom.contains("2 images were not scored"), "the total");
    }

    @Test
    void thumbnailsAreEmbeddedAsDataUris() {
        Matcher m = Pattern.compile("<img[^>]*\\ssrc=\"([^\"]*)\"").matcher(dom);
        int n = 0;
        while (m.find()) {
            assertTrue(m.group(1).startsWith("data:image/png;base64,"), m.group(1));
            n++;
        }
        // Every ranked image of both sources: 10 each, fewer than the 12 shown at each end.
        assertEquals(2 * TwoRuns.PER_SOURCE, n);
        assertTrue(page.length() < 400_000, "page size " + page.length());
        assertFalse(page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").matches("(?s).*https?://.*"),
                "nothing refers to the network");
    }

    @Test
    void theScreenshotShowsThePlotsInTheirColours() {
        assertEquals(1280, screenshot.getWidth());
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        long blue = 0;
        long orange = 0;
        for (int y = 0; y < screenshot.getHeight(); y++) {
            for (int x = 0; x < screenshot.getWidth(); x++) {
                int rgb = screenshot.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    nonWhite++;
                }
                // pca-4 and pca-64 get the first two palette colours (sorted labels).
                blue += near(rgb, 0x1f77b4) ? 1 : 0;
                orange += near(rgb, 0xff7f0e) ? 1 : 0;
            }
        }
        assertTrue(colours.size() > 500, "distinct colours: " + colours.size());
        assertTrue(nonWhite > 100_000, "non-white pixels: " + nonWhite);
        assertTrue(blue > 300, "pixels of pca-4's colour: " + blue);
        assertTrue(orange > 300, "pixels of pca-64's colour: " + orange);
    }

    private static boolean near(int rgb, int target) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xff) - ((target >> shift) & 0xff)) > 40) {
                return false;
            }
        }
        return true;
    }

    /** The outer HTML of every {@code <tag ...attr...>} element (not nested in itself). */
    static List<String> elements(String html, String tag, String attr) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<" + tag + "\\b[^>]*" + Pattern.quote(attr) + "[^>]*>").matcher(html);
        while (m.find()) {
            int end = html.indexOf("</" + tag + ">", m.end());
            out.add(html.substring(m.start(), end < 0 ? html.length() : end + tag.length() + 3));
        }
        return out;
    }

    static int count(String s, String needle) {
        return SvgHelpersTest.count(s, needle);
    }
}
