package org.ascore.report;

/**
 * Low-level SVG markup. Coordinates are written with one decimal: a tenth of a pixel is below what
 * a screen shows, and it keeps a page with thousands of points small.
 */
public final class Svg {
    private Svg() {
    }

    /** {@code v} rounded to one decimal, without a trailing ".0" and without "-0". */
    public static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite coordinate: " + v);
        }
        long tenths = Math.round(v * 10);
        if (tenths == 0) {
            return "0";
        }
        StringBuilder b = new StringBuilder(8);
        if (tenths < 0) {
            b.append('-');
            tenths = -tenths;
        }
        b.append(tenths / 10);
        if (tenths % 10 != 0) {
            b.append('.').append(tenths % 10);
        }
        return b.toString();
    }

    /** The {@code points} attribute value of a polyline: "x1,y1 x2,y2 ...". */
    public static String points(double[] xs, double[] ys) {
        if (xs.length != ys.length) {
            throw new IllegalArgumentException(xs.length + " x values but " + ys.length + " y values");
        }
        StringBuilder b = new StringBuilder(xs.length * 12);
        for (int i = 0; i < xs.length; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(num(xs[i])).append(',').append(num(ys[i]));
        }
        return b.toString();
    }

    public static String polyline(double[] xs, double[] ys, String stroke, double width, String title) {
        return "<polyline class=\"series\" fill=\"none\" stroke=\"" + Html.escape(stroke) + "\" stroke-width=\""
                + num(width) + "\" points=\"" + points(xs, ys) + "\">" + titleElement(title) + "</polyline>";
    }

    /** A circle with a hover text (escaped). */
    public static String circle(double cx, double cy, double r, String title) {
        return "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r) + "\"><title>"
                + Html.escape(title) + "</title></circle>";
    }

    public static String circle(double cx, double cy, double r) {
        return "<circle cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r) + "\"/>";
    }

    public static String line(double x1, double y1, double x2, double y2, String cssClass) {
        return "<line class=\"" + Html.escape(cssClass) + "\" x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\""
                + num(x2) + "\" y2=\"" + num(y2) + "\"/>";
    }

    /** A text element; {@code anchor} is start, middle or end. The text is escaped. */
    public static String text(double x, double y, String anchor, String cssClass, String text) {
        return "<text class=\"" + Html.escape(cssClass) + "\" x=\"" + num(x) + "\" y=\"" + num(y)
                + "\" text-anchor=\"" + Html.escape(anchor) + "\">" + Html.escape(text) + "</text>";
    }

    private static String titleElement(String title) {
        return title == null ? "" : "<title>" + Html.escape(title) + "</title>";
    }
}
