package org.ascore.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One inline SVG chart: a frame with ticks, grid and axis labels, and data series (polylines and
 * point clouds) in data coordinates. Charts built with the same size and extents map data to the
 * same pixels, which is what lets scatter panels share one point group ({@link #pointGroup}).
 */
public final class Chart {
    /** A legend entry. */
    public record Key(String label, String colour) {
    }

    private static final double LEFT = 58;
    private static final double RIGHT = 14;
    private static final double TOP = 26;
    private static final double BOTTOM = 42;
    /**
     * A hover picture is shown in a box of this side. Pictures of at most half of it are enlarged
     * without smoothing (their pixels stay sharp); larger ones, downscaled photos, smoothly.
     */
    private static final double HOVER_PX = 64;
    /** Characters of the file name shown under a hover picture; the full path is the point's title. */
    private static final int HOVER_NAME_CHARS = 32;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Extent x;
    private final Extent y;
    private final List<Ticks.Tick> xTicks;
    private final List<Ticks.Tick> yTicks;
    private final int width;
    private final int height;
    private final StringBuilder data = new StringBuilder();
    /** The hover areas of the points with a picture, drawn last so that nothing covers a shown picture. */
    private final StringBuilder hovers = new StringBuilder();
    private final List<Key> legend = new ArrayList<>();

    public Chart(String title, String xLabel, String yLabel, Extent x, Extent y, List<Ticks.Tick> xTicks,
                 List<Ticks.Tick> yTicks, int width, int height) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.x = x;
        this.y = y;
        this.xTicks = xTicks;
        this.yTicks = yTicks;
        this.width = width;
        this.height = height;
    }

    /** Pixel column of a data x value. */
    public double px(double v) {
        return x.map(v, LEFT, width - RIGHT);
    }

    /** Pixel row of a data y value (up is larger). */
    public double py(double v) {
        return y.map(v, height - BOTTOM, TOP);
    }

    public Chart line(double[] xs, double[] ys, String colour, double strokeWidth, String label) {
        double[] cx = new double[xs.length];
        double[] cy = new double[ys.length];
        for (int i = 0; i < xs.length; i++) {
            cx[i] = px(xs[i]);
            cy[i] = py(ys[i]);
        }
        data.append(Svg.polyline(cx, cy, colour, strokeWidth, label)).append('\n');
        return this;
    }

    public Chart points(double[] xs, double[] ys, String colour, double radius, double opacity, String label) {
        return points(xs, ys, colour, radius, opacity, label, null, null);
    }

    /**
     * Points each with its own hover text ({@code titles}, one per point), or the group's label where
     * null, and a hover picture where {@code pictures} (null, or one per point) has one.
     */
    public Chart points(double[] xs, double[] ys, String colour, double radius, double opacity, String label,
                        String[] titles, RunReport.Image[] pictures) {
        data.append(pointGroup(null, xs, ys, colour, radius, opacity, label, titles, pictures)).append('\n');
        return this;
    }

    /**
     * A {@code <g>} of circles in this chart's pixel coordinates, with an id when it is meant to be
     * defined once and drawn in several charts of the same geometry through {@link #reuse}. With
     * {@code titles} each circle carries its own {@code <title>}: the browser shows it on hover. A
     * point with one of {@code pictures} also gets, in a layer drawn over everything else in the
     * chart, an invisible hover area over it (with the same title) and a {@code <g class="tip">}
     * beside it, with the picture and the file name, which the page's CSS shows while that area is
     * hovered (no script). A later point or the legend therefore never covers a shown picture.
     */
    public String pointGroup(String id, double[] xs, double[] ys, String colour, double radius, double opacity,
                             String label, String[] titles, RunReport.Image[] pictures) {
        StringBuilder b = new StringBuilder(xs.length * 40 + 120);
        b.append("<g class=\"points\"");
        if (id != null) {
            b.append(" id=\"").append(Html.escape(id)).append('"');
        }
        b.append(" fill=\"").append(Html.escape(colour)).append("\" fill-opacity=\"")
                .append(String.format(java.util.Locale.ROOT, "%.2f", opacity)).append("\">");
        if (label != null) {
            b.append("<title>").append(Html.escape(label)).append("</title>");
        }
        for (int i = 0; i < xs.length; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
                double x = px(xs[i]);
                double y = py(ys[i]);
                b.append(titles == null ? Svg.circle(x, y, radius) : Svg.circle(x, y, radius, titles[i]));
                if (pictures != null && pictures[i] != null) {
                    String title = titles == null ? label : titles[i];
                    double side = 2 * radius + 2;
                    hovers.append("<g class=\"pt\"><rect class=\"hit\" x=\"").append(Svg.num(x - side / 2))
                            .append("\" y=\"").append(Svg.num(y - side / 2)).append("\" width=\"").append(Svg.num(side))
                            .append("\" height=\"").append(Svg.num(side)).append("\">")
                            .append(title == null ? "" : "<title>" + Html.escape(title) + "</title>").append("</rect>")
                            .append(tip(x, y, pictures[i], title)).append("</g>\n");
                }
            }
        }
        return b.append("</g>").toString();
    }

    /**
     * The hover box of a point at pixel (x, y): the picture and the last segment of the first line
     * of its title (the file name), beside the point and inside the chart.
     */
    private String tip(double x, double y, RunReport.Image picture, String title) {
        String path = title == null ? "" : title.lines().findFirst().orElse("");
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.length() > HOVER_NAME_CHARS) {
            name = "…" + name.substring(name.length() - HOVER_NAME_CHARS + 1);
        }
        double pad = 4;
        double w = Math.max(HOVER_PX, 6.2 * name.length()) + 2 * pad;
        double h = HOVER_PX + 2 * pad + (name.isEmpty() ? 0 : 14);
        double tx = x + 6 + w <= width ? x + 6 : Math.max(0, x - 6 - w);
        double ty = y + 6 + h <= height ? y + 6 : Math.max(0, y - 6 - h);
        StringBuilder b = new StringBuilder(picture.dataUri().length() + 300);
        b.append("<g class=\"tip\" transform=\"translate(").append(Svg.num(tx)).append(' ').append(Svg.num(ty))
                .append(")\"><rect width=\"").append(Svg.num(w)).append("\" height=\"").append(Svg.num(h))
                .append("\"/><image").append(Math.max(picture.width(), picture.height()) <= HOVER_PX / 2
                        ? " class=\"px\"" : "").append(" x=\"").append(Svg.num((w - HOVER_PX) / 2))
                .append("\" y=\"").append(Svg.num(pad)).append("\" width=\"").append(Svg.num(HOVER_PX))
                .append("\" height=\"").append(Svg.num(HOVER_PX)).append("\" href=\"")
                .append(Html.escape(picture.dataUri())).append("\"/>");
        if (!name.isEmpty()) {
            b.append(Svg.text(w / 2, h - pad - 2, "middle", "tipname", name));
        }
        return b.append("</g>").toString();
    }

    /** Draws a group defined elsewhere in the page by {@link #pointGroup} with an id. */
    public Chart reuse(String id) {
        data.append("<use href=\"#").append(Html.escape(id)).append("\"/>\n");
        return this;
    }

    /** A circle of radius r at one data point, drawn on top, e.g. to mark the current run. */
    public Chart marker(double vx, double vy, String colour, double r, String label) {
        data.append("<g class=\"marker\" fill=\"").append(Html.escape(colour)).append("\" stroke=\"#000\">")
                .append(Svg.circle(px(vx), py(vy), r));
        if (label != null) {
            data.append("<title>").append(Html.escape(label)).append("</title>");
        }
        data.append("</g>\n");
        return this;
    }

    public Chart legend(List<Key> keys) {
        legend.addAll(keys);
        return this;
    }

    public String render() {
        StringBuilder b = new StringBuilder(data.length() + 4096);
        b.append("<svg class=\"plot\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">\n");
        b.append("<title>").append(Html.escape(title)).append("</title>\n");
        double left = LEFT;
        double right = width - RIGHT;
        double top = TOP;
        double bottom = height - BOTTOM;
        b.append("<rect class=\"frame\" x=\"").append(Svg.num(left)).append("\" y=\"").append(Svg.num(top))
                .append("\" width=\"").append(Svg.num(right - left)).append("\" height=\"")
                .append(Svg.num(bottom - top)).append("\"/>\n<g class=\"axis\">");
        for (Ticks.Tick t : xTicks) {
            double p = px(t.value());
            // A centred label at the right end would be cut off by the edge of the picture.
            String anchor = p > width - RIGHT - 3.5 * t.label().length() ? "end" : "middle";
            b.append(Svg.line(p, top, p, bottom, "grid")).append(Svg.line(p, bottom, p, bottom + 4, "tick"))
                    .append(Svg.text(anchor.equals("end") ? Math.min(p + 4, width - 2.0) : p, bottom + 16, anchor,
                            "ticklabel", t.label()));
        }
        for (Ticks.Tick t : yTicks) {
            double p = py(t.value());
            b.append(Svg.line(left, p, right, p, "grid")).append(Svg.line(left - 4, p, left, p, "tick"))
                    .append(Svg.text(left - 7, p + 4, "end", "ticklabel", t.label()));
        }
        b.append("</g>\n");
        b.append(Svg.text(width / 2.0, 16, "middle", "charttitle", title));
        b.append(Svg.text((left + right) / 2, height - 8, "middle", "axislabel", xLabel));
        double ly = (top + bottom) / 2;
        b.append("<g transform=\"rotate(-90 14 ").append(Svg.num(ly)).append(")\">")
                .append(Svg.text(14, ly, "middle", "axislabel", yLabel)).append("</g>\n");
        b.append("<g class=\"data\">\n").append(data).append("</g>\n");
        appendLegend(b, right, bottom);
        if (!hovers.isEmpty()) {
            b.append("<g class=\"hovers\">\n").append(hovers).append("</g>\n");
        }
        return b.append("</svg>").toString();
    }

    /** Bottom right inside the frame: empty in a CDF chart, where every curve ends near 1. */
    private void appendLegend(StringBuilder b, double right, double bottom) {
        if (legend.isEmpty()) {
            return;
        }
        double rowH = 15;
        double boxW = 12 + 7 * legend.stream().mapToInt(k -> k.label().length()).max().orElse(4) + 26;
        double boxH = rowH * legend.size() + 8;
        double x0 = right - boxW - 6;
        double y0 = bottom - boxH - 6;
        b.append("<g class=\"legend\"><rect x=\"").append(Svg.num(x0)).append("\" y=\"").append(Svg.num(y0))
                .append("\" width=\"").append(Svg.num(boxW)).append("\" height=\"").append(Svg.num(boxH)).append("\"/>");
        for (int i = 0; i < legend.size(); i++) {
            Key k = legend.get(i);
            double yy = y0 + 4 + rowH * i + rowH / 2;
            b.append("<line x1=\"").append(Svg.num(x0 + 6)).append("\" y1=\"").append(Svg.num(yy)).append("\" x2=\"")
                    .append(Svg.num(x0 + 24)).append("\" y2=\"").append(Svg.num(yy)).append("\" stroke=\"")
                    .append(Html.escape(k.colour())).append("\" stroke-width=\"3\"/>")
                    .append(Svg.text(x0 + 30, yy + 4, "start", "legendlabel", k.label()));
        }
        b.append("</g>\n");
    }
}
