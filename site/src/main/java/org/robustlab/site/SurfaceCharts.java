package org.robustlab.site;

import java.awt.Color;
import java.nio.file.Path;
import org.jfree.chart3d.Chart3D;
import org.jfree.chart3d.Chart3DFactory;
import org.jfree.chart3d.data.Range;
import org.jfree.chart3d.data.function.Function3D;
import org.jfree.chart3d.plot.XYZPlot;
import org.jfree.chart3d.renderer.ColorScale;
import org.jfree.chart3d.graphics3d.ViewPoint3D;
import org.jfree.chart3d.renderer.xyz.SurfaceRenderer;

/**
 * Orson Charts 3D surfaces of a landscape, for PNG/SVG figures and the desktop viewer. The grid is
 * sampled at its own points (nearest grid value), so the surface shows the data, not a smoothing.
 */
public final class SurfaceCharts {
    /** Class colours (matplotlib's tab10, as in the site). */
    static final Color[] CLASS_COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private SurfaceCharts() {
    }

    /** Height and colour = ‖∂ĥ/∂x‖_F over the plane. */
    public static Chart3D jacobian(LandscapeData data, LandscapeData.Surface s) {
        double max = 0, min = Double.POSITIVE_INFINITY;
        for (double[] row : s.jacobian()) {
            for (double v : row) {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
        }
        Chart3D chart = surface(data, "Jacobian norm landscape: " + s.model(), (a, b) -> lookup(data.axis(), s.jacobian(), a, b),
                "‖∂ĥ/∂x‖_F");
        Range range = new Range(min, Math.max(max, min + 1e-12));
        heightRange(chart, range);
        renderer(chart).setColorScale(viridis(range));
        return chart;
    }

    /** Height = class + confidence of the predicted class; colour = predicted class (a terrace per class). */
    public static Chart3D decision(LandscapeData data, LandscapeData.Surface s) {
        int classes = Math.max(1, data.classNames().size());
        Chart3D chart = surface(data, "Decision landscape: " + s.model(),
                (a, b) -> {
                    int i = index(data.axis(), a), j = index(data.axis(), b);
                    return s.predicted()[i][j] + s.confidence()[i][j];
                }, "class + confidence");
        heightRange(chart, new Range(0, classes));
        renderer(chart).setColorScale(new ColorScale() {
            @Override
            public Range getRange() {
                return new Range(0, classes + 1);
            }

            @Override
            public Color valueToColor(double value) {
                int c = Math.max(0, Math.min(classes - 1, (int) Math.floor(value)));
                return CLASS_COLORS[c % CLASS_COLORS.length];
            }
        });
        return chart;
    }

    private static Chart3D surface(LandscapeData data, String title, Function3D f, String height) {
        Chart3D chart = Chart3DFactory.createSurfaceChart(title, "test image " + data.image() + " (" + data.className()
                + "), plane through it", f, "a (direction u)", height, "b (direction v)");
        XYZPlot plot = (XYZPlot) chart.getPlot();
        double lo = data.axis()[0], hi = data.axis()[data.axis().length - 1];
        plot.getXAxis().setRange(lo, hi);
        plot.getZAxis().setRange(lo, hi);
        SurfaceRenderer r = renderer(chart);
        int samples = Math.min(data.axis().length, 101);
        r.setXSamples(samples);
        r.setZSamples(samples);
        r.setDrawFaceOutlines(false);
        chart.setLegendBuilder(null);
        // Orson's default camera for surfaces looked along the b axis, so the surface opened as a dark wall seen edge
        // on; above and to the left shows both directions of the plane and the height
        chart.setViewPoint(ViewPoint3D.createAboveLeftViewPoint(chart.getViewPoint().getRho()));
        return chart;
    }

    /**
     * The height axis spans the whole surface. Orson sizes it when the chart is made, by sampling the function over the
     * default x and z ranges ([0, 1] of the plane's coordinates, near its centre), before {@link #surface} sets them to
     * the plane: left alone, the axis showed only the centre's heights and clipped the rest of the surface.
     */
    private static void heightRange(Chart3D chart, Range range) {
        ((XYZPlot) chart.getPlot()).getYAxis().setRange(range);
    }

    /**
     * Viridis (matplotlib's perceptually uniform map): light at the top, so steep faces that the renderer shades
     * darker stay readable (the earlier blue-to-red gradient rendered nearly black on them).
     */
    static ColorScale viridis(Range range) {
        Color[] stops = {new Color(0x440154), new Color(0x3b528b), new Color(0x21918c), new Color(0x5ec962), new Color(0xfde725)};
        return new ColorScale() {
            @Override
            public Range getRange() {
                return range;
            }

            @Override
            public Color valueToColor(double value) {
                double t = range.getLength() > 0 ? (value - range.getMin()) / range.getLength() : 0;
                t = Math.max(0, Math.min(1, t)) * (stops.length - 1);
                int i = Math.min(stops.length - 2, (int) Math.floor(t));
                double f = t - i;
                Color a = stops[i];
                Color b = stops[i + 1];
                return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
            }
        };
    }

    private static SurfaceRenderer renderer(Chart3D chart) {
        return (SurfaceRenderer) ((XYZPlot) chart.getPlot()).getRenderer();
    }

    private static double lookup(double[] axis, double[][] grid, double a, double b) {
        return grid[index(axis, a)][index(axis, b)];
    }

    /** Nearest grid index of a coordinate. */
    static int index(double[] axis, double v) {
        double step = (axis[axis.length - 1] - axis[0]) / (axis.length - 1);
        return (int) Math.max(0, Math.min(axis.length - 1, Math.round((v - axis[0]) / step)));
    }

    /** Writes a PNG (rendered off-screen). */
    public static void png(Chart3D chart, int width, int height, Path file) {
        FigureFiles.png(file, width, height, chart::draw);
    }

    /** Writes an SVG (through JFreeSVG). */
    public static void svg(Chart3D chart, int width, int height, Path file) {
        FigureFiles.svg(file, width, height, chart::draw);
    }
}
