package org.robustlab.site;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.robustlab.api.FileNames;

/**
 * PNG and SVG figures for papers, next to the site in {@code site/figures/}: one per paper figure
 * (robustness curves per attack, spectra per input, Jacobian and decision landscapes per model as
 * Orson Charts 3D surfaces). Rendered off-screen; the JVM runs headless for this.
 */
final class StaticFigures {
    static final int WIDTH = 900;
    static final int HEIGHT = 600;

    private StaticFigures() {
    }

    @SuppressWarnings("unchecked")
    /** @param landscapeFile the study's landscape file (its landscape view), or null */
    static List<Map<String, String>> write(Path studyDir, Path siteDir, Map<String, Object> plots, String landscapeFile) {
        Path out = siteDir.resolve("figures");
        List<Map<String, String>> figures = new ArrayList<>();
        for (Map<String, Object> plot : (List<Map<String, Object>>) plots.getOrDefault("robustness", List.of())) {
            XYSeriesCollection data = new XYSeriesCollection();
            for (Map<String, Object> s : (List<Map<String, Object>>) plot.get("series")) {
                XYSeries series = new XYSeries(String.valueOf(s.get("model")), false);
                List<Number> eps = (List<Number>) s.get("epsilon");
                List<Number> rel = (List<Number>) s.get("relative");
                for (int i = 0; i < eps.size(); i++) {
                    if (eps.get(i).doubleValue() > 0) {
                        series.add(eps.get(i).doubleValue(), rel.get(i).doubleValue());
                    }
                }
                data.addSeries(series);
            }
            String label = String.valueOf(plot.get("label"));
            JFreeChart chart = lines("Robustness: " + label, "ε", "relative accuracy", data, true, false);
            figures.add(save2d(chart, out, "robustness-" + FileNames.of(label), "Relative accuracy vs ε, " + label));
        }
        Map<String, Object> spectra = (Map<String, Object>) plots.get("spectra");
        if (spectra != null) {
            for (Object input : (List<Object>) spectra.get("inputs")) {
                XYSeriesCollection data = new XYSeriesCollection();
                for (Map<String, Object> c : (List<Map<String, Object>>) spectra.get("curves")) {
                    if (Boolean.TRUE.equals(c.get("scale")) || !input.equals(c.get("input"))) {
                        continue;
                    }
                    XYSeries series = new XYSeries(c.get("subject") + (c.get("state").equals("data") ? "" : " " + c.get("state")), false);
                    List<Number> rank = (List<Number>) c.get("rank");
                    List<Number> value = (List<Number>) c.get("normalised");
                    for (int i = 0; i < rank.size(); i++) {
                        series.add(rank.get(i).doubleValue(), value.get(i).doubleValue());
                    }
                    if (series.getItemCount() > 0) {
                        data.addSeries(series);
                    }
                }
                JFreeChart chart = lines("PCA spectra on " + input, "rank n", "λn / λ1", data, true, true);
                figures.add(save2d(chart, out, "spectra-" + FileNames.of(String.valueOf(input)), "Normalised spectra, " + input));
            }
        }
        if (landscapeFile != null) {
            LandscapeData data = LandscapeData.read(studyDir, landscapeFile);
            for (LandscapeData.Surface s : data.models()) {
                String base = "landscape-" + FileNames.of(s.model());
                figures.add(save3d(SurfaceCharts.jacobian(data, s), out, base + "-jacobian", "Jacobian-norm surface, " + s.model()));
                figures.add(save3d(SurfaceCharts.decision(data, s), out, base + "-decision", "Decision surface, " + s.model()));
            }
        }
        return figures;
    }

    private static JFreeChart lines(String title, String x, String y, XYSeriesCollection data, boolean logX, boolean logY) {
        XYPlot plot = new XYPlot(data, logX ? logAxis(x) : new NumberAxis(x), logY ? logAxis(y) : new NumberAxis(y),
                new XYLineAndShapeRenderer(true, !logY));
        if (!logY) {
            ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.05);
        }
        for (int i = 0; i < data.getSeriesCount(); i++) {
            plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setSmallestValue(1e-12);
        return axis;
    }

    private static Map<String, String> save2d(JFreeChart chart, Path out, String base, String caption) {
        FigureFiles.png(out.resolve(base + ".png"), WIDTH, HEIGHT, (g, r) -> chart.draw(g, r));
        FigureFiles.svg(out.resolve(base + ".svg"), WIDTH, HEIGHT, (g, r) -> chart.draw(g, r));
        return entry(base, caption);
    }

    private static Map<String, String> save3d(org.jfree.chart3d.Chart3D chart, Path out, String base, String caption) {
        SurfaceCharts.png(chart, WIDTH, HEIGHT, out.resolve(base + ".png"));
        SurfaceCharts.svg(chart, WIDTH, HEIGHT, out.resolve(base + ".svg"));
        return entry(base, caption);
    }

    private static Map<String, String> entry(String base, String caption) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("png", "figures/" + base + ".png");
        e.put("svg", "figures/" + base + ".svg");
        e.put("caption", caption);
        return e;
    }
}
