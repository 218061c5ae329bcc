package org.ascore.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Axis ticks: "nice" round numbers for value axes, evenly spaced instants for time axes. */
public final class Ticks {
    /** One tick: where it is (data units) and what it says. */
    public record Tick(double value, String label) {
    }

    private Ticks() {
    }

    /**
     * Ticks at multiples of 1, 2 or 5 × 10^k inside [lo, hi], about {@code target} of them. The
     * step is chosen first and the labels get just enough decimals to tell neighbours apart.
     */
    public static List<Tick> numeric(double lo, double hi, int target) {
        checkRange(lo, hi);
        double step = niceStep(hi - lo, Math.max(1, target));
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        List<Tick> ticks = new ArrayList<>();
        for (long k = first; k <= last; k++) {
            double v = k * step;
            String label = String.format(Locale.ROOT, "%." + decimals + "f", v);
            if (label.matches("-0(\\.0*)?")) {
                label = label.substring(1);
            }
            ticks.add(new Tick(v, label));
        }
        return ticks;
    }

    /** The 1, 2, 5 × 10^k step nearest to {@code span / target} (on a log scale). */
    static double niceStep(double span, int target) {
        double raw = span / target;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / magnitude;
        double nice = norm >= Math.sqrt(50) ? 10 : norm >= Math.sqrt(10) ? 5 : norm >= Math.sqrt(2) ? 2 : 1;
        return nice * magnitude;
    }

    /**
     * {@code count} evenly spaced ticks over [loMillis, hiMillis] (UTC), labelled as precisely as the
     * span needs: dates for spans over two days, else date and time, else time with seconds.
     */
    public static List<Tick> time(double loMillis, double hiMillis, int count) {
        checkRange(loMillis, hiMillis);
        double span = hiMillis - loMillis;
        String pattern = span > 2 * 86_400_000.0 ? "yyyy-MM-dd" : span > 3_600_000.0 ? "MM-dd HH:mm" : "HH:mm:ss";
        DateTimeFormatter f = DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
        int n = Math.max(2, count);
        List<Tick> ticks = new ArrayList<>();
        String previous = null;
        for (int i = 0; i < n; i++) {
            double v = loMillis + span * i / (n - 1);
            String label = f.format(Instant.ofEpochMilli(Math.round(v)));
            // Equal neighbouring labels would suggest a scale that is not there.
            if (!label.equals(previous)) {
                ticks.add(new Tick(v, label));
            }
            previous = label;
        }
        return ticks;
    }

    private static void checkRange(double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(hi > lo)) {
            throw new IllegalArgumentException("need a finite range lo < hi, got [" + lo + ", " + hi + "]");
        }
    }
}
