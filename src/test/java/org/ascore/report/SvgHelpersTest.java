package org.ascore.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure-Java drawing helpers of the report, without Spark. */
class SvgHelpersTest {
    @Test
    void numericTicksAreRoundNumbersInsideTheRange() {
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), labels(Ticks.numeric(0, 1, 5)));
        assertEquals(List.of("0.10", "0.15", "0.20", "0.25", "0.30"), labels(Ticks.numeric(0.0913, 0.3121, 5)));
        assertEquals(List.of("0", "500", "1000"), labels(Ticks.numeric(-3, 1180, 3)));
        assertEquals(List.of("-2", "-1", "0", "1", "2"), labels(Ticks.numeric(-2.5, 2.5, 5)));
        List<Ticks.Tick> t = Ticks.numeric(1.3e-6, 9.7e-6, 4);
        assertEquals(List.of("0.000002", "0.000004", "0.000006", "0.000008"), labels(t));
        for (Ticks.Tick tick : t) {
            assertTrue(tick.value() >= 1.3e-6 && tick.value() <= 9.7e-6);
        }
    }

    @Test
    void tickStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.2, Ticks.niceStep(1, 5), 1e-15);
        assertEquals(0.05, Ticks.niceStep(0.22, 5), 1e-15);
        assertEquals(500, Ticks.niceStep(1183, 3), 1e-9);
        assertEquals(5, Ticks.niceStep(61, 10), 1e-12);
        assertEquals(10, Ticks.niceStep(75, 10), 1e-12);
    }

    @Test
    void ticksRefuseAnEmptyOrInvertedRange() {
        assertThrows(IllegalArgumentException.class, () -> Ticks.numeric(1, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> Ticks.numeric(2, 1, 5));
        assertThrows(IllegalArgumentException.class, () -> Ticks.numeric(0, Double.NaN, 5));
    }

    @Test
    void timeTicksUseAPrecisionThatFitsTheSpan() {
        double day = 86_400_000.0;
        double t0 = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();
        List<Ticks.Tick> nightly = Ticks.time(t0, t0 + 30 * day, 4);
        assertEquals(List.of("2025-03-01", "2025-03-11", "2025-03-21", "2025-03-31"), labels(nightly));
        assertEquals("03-01 06:00", Ticks.time(t0, t0 + 0.5 * day, 3).get(1).label());
        assertEquals("00:00:30", Ticks.time(t0, t0 + 60_000, 3).get(1).label());
        // Labels that would repeat are dropped instead of suggesting a scale.
        List<Ticks.Tick> dense = Ticks.time(t0, t0 + 3 * day, 40);
        assertEquals(dense.stream().map(Ticks.Tick::label).distinct().count(), dense.size());
    }

    @Test
    void coordinatesHaveOneDecimalAndNoNegativeZero() {
        assertEquals("0", Svg.num(0.04));
        assertEquals("0", Svg.num(-0.04));
        assertEquals("12.3", Svg.num(12.345));
        assertEquals("-7", Svg.num(-7.0));
        assertEquals("-0.5", Svg.num(-0.46));
        assertEquals("100", Svg.num(99.96));
        assertThrows(IllegalArgumentException.class, () -> Svg.num(Double.NaN));
    }

    @Test
    void polylineListsItsPointsAndEscapesItsTitle() {
        assertEquals("1,2 3.5,4 10,0", Svg.points(new double[] {1, 3.5, 10}, new double[] {2, 4, 0}));
        String p = Svg.polyline(new double[] {0, 1}, new double[] {1, 0}, "#123456", 1.5, "a<b & \"c\"");
        assertEquals("<polyline class=\"series\" fill=\"none\" stroke=\"#123456\" stroke-width=\"1.5\" "
                + "points=\"0,1 1,0\"><title>a&lt;b &amp; &quot;c&quot;</title></polyline>", p);
        assertThrows(IllegalArgumentException.class, () -> Svg.points(new double[] {1}, new double[] {1, 2}));
        assertEquals("<text class=\"t\" x=\"1\" y=\"2\" text-anchor=\"end\">&lt;script&gt;</text>",
                Svg.text(1, 2, "end", "t", "<script>"));
    }

    @Test
    void htmlEscapeCoversMarkupQuotesAndControlCharacters() {
        assertEquals("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39;",
                Html.escape("<img src=x onerror=\"alert(1)\"> & 'q'"));
        assertEquals("a\tb\nc", Html.escape("a\tb\nc\u0000\u001b"));
        assertEquals("", Html.escape(null));
        assertEquals("Übergröße – ✓", Html.escape("Übergröße – ✓"));
    }

    @Test
    void extentPadsAndSurvivesDegenerateData() {
        Extent e = Extent.of(0.1, new double[] {1, 2}, new double[] {3, Double.NaN});
        assertEquals(0.8, e.lo(), 1e-12);
        assertEquals(3.2, e.hi(), 1e-12);
        assertEquals(new Extent(1.5, 4.5), Extent.of(0.1, new double[] {3, 3}));
        assertEquals(new Extent(-0.5, 0.5), Extent.of(0.1, new double[] {0}));
        assertEquals(new Extent(0, 1), Extent.of(0.1));
        assertEquals(10, new Extent(0, 2).map(1, 0, 20), 1e-12);
        assertEquals(300, new Extent(0, 1).map(0, 300, 20), 1e-12);
    }

    @Test
    void stepCurveIsTheEcdfThroughTheQuantiles() {
        double[][] s = StepCurve.of(new double[] {1, 2, 2, 4}, new double[] {0.25, 0.5, 0.75, 1});
        assertArrayEquals(new double[] {1, 1, 2, 2, 4, 4}, s[0]);
        assertArrayEquals(new double[] {0, 0.25, 0.25, 0.75, 0.75, 1}, s[1]);
        double[][] constant = StepCurve.of(new double[] {3, 3, 3}, new double[] {0, 0.5, 1});
        assertArrayEquals(new double[] {3, 3}, constant[0]);
        assertArrayEquals(new double[] {0, 1}, constant[1]);
        assertEquals(0, StepCurve.of(new double[0], new double[0])[0].length);
    }

    @Test
    void chartMapsDataIntoItsFrameAndDrawsTicksAndSeries() {
        Chart c = new Chart("t", "x", "y", new Extent(0, 10), new Extent(0, 1), Ticks.numeric(0, 10, 5),
                Ticks.numeric(0, 1, 2), 400, 300);
        assertTrue(c.px(0) < c.px(10));
        assertTrue(c.py(0) > c.py(1), "up is larger");
        String svg = c.line(new double[] {0, 10}, new double[] {0, 1}, "#f00", 2, "s")
                .points(new double[] {5}, new double[] {0.5}, "#00f", 2, 0.5, null).render();
        assertTrue(svg.startsWith("<svg class=\"plot\""));
        assertEquals(1, count(svg, "<polyline"));
        assertEquals(1, count(svg, "<circle"));
        assertEquals(6 + 3, count(svg, "class=\"ticklabel\""));
        assertTrue(svg.endsWith("</svg>"));
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<String> labels(List<Ticks.Tick> ticks) {
        return ticks.stream().map(Ticks.Tick::label).toList();
    }
}
