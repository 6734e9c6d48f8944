package org.robustlab.cli;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import org.jfree.chart3d.Chart3D;
import org.jfree.chart3d.Chart3DPanel;
import org.jfree.chart3d.graphics3d.swing.DisplayPanel3D;
import org.robustlab.api.RobustlabException;
import org.robustlab.site.LandscapeData;
import org.robustlab.site.SurfaceCharts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code robustlab view DIR}: a study's landscape as an Orson Charts 3D surface in a Swing window
 * (drag to rotate, wheel to zoom), or rendered to a PNG/SVG file without a display.
 */
@Command(name = "view", mixinStandardHelpOptions = true, description = "Show a study's 3D landscape surfaces (Jacobian norm or decision).")
final class ViewCommand implements Callable<Integer> {
    enum Surface { jacobian, decision }

    @Parameters(index = "0", paramLabel = "DIR", description = "study output folder (with analyses/landscape from 'analyze landscape')")
    Path dir;

    @Option(names = "--model", paramLabel = "NAME", description = "model to show (default: the first)")
    String model;

    @Option(names = "--surface", description = "jacobian (‖∂ĥ/∂x‖_F) or decision (class colour, confidence height); default ${DEFAULT-VALUE}")
    Surface surface = Surface.jacobian;

    @Option(names = "--png", paramLabel = "FILE", description = "render to this PNG instead of opening a window (works headless)")
    Path png;

    @Option(names = "--svg", paramLabel = "FILE", description = "render to this SVG instead of opening a window")
    Path svg;

    @Option(names = {"--size"}, paramLabel = "WxH", description = "image size for --png/--svg (default ${DEFAULT-VALUE})")
    String size = "900x600";

    @Option(names = "--debug", description = "show stack traces")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        boolean toFile = png != null || svg != null;
        if (toFile) {
            System.setProperty("java.awt.headless", "true");
        }
        LandscapeData data = LandscapeData.read(dir);
        LandscapeData.Surface s = data.model(model);
        Chart3D chart = surface == Surface.jacobian ? SurfaceCharts.jacobian(data, s) : SurfaceCharts.decision(data, s);
        if (toFile) {
            int[] wh = parseSize();
            if (png != null) {
                SurfaceCharts.png(chart, wh[0], wh[1], png);
                System.out.println("wrote " + png);
            }
            if (svg != null) {
                SurfaceCharts.svg(chart, wh[0], wh[1], svg);
                System.out.println("wrote " + svg);
            }
            return 0;
        }
        if (GraphicsEnvironment.isHeadless()) {
            throw new RobustlabException("no display available (DISPLAY is " + (System.getenv("DISPLAY") == null ? "not set" : "'"
                    + System.getenv("DISPLAY") + "' but unusable") + "); render to a file instead: robustlab view " + dir
                    + " --png surface.png, or open " + dir.resolve("site/index.html") + " in a browser");
        }
        CountDownLatch closed = new CountDownLatch(1);
        SwingUtilities.invokeLater(() -> {
            JFrame frame = new JFrame("robustlab: " + surface + " landscape of " + s.model());
            frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            frame.getContentPane().add(new DisplayPanel3D(new Chart3DPanel(chart)));
            frame.setSize(1000, 750);
            frame.addWindowListener(new java.awt.event.WindowAdapter() {
                @Override
                public void windowClosed(java.awt.event.WindowEvent e) {
                    closed.countDown();
                }
            });
            frame.setLocationRelativeTo(null);
            frame.setVisible(true);
        });
        closed.await();
        return 0;
    }

    private int[] parseSize() {
        String[] p = size.toLowerCase().split("x");
        try {
            int w = Integer.parseInt(p[0].trim()), h = Integer.parseInt(p[1].trim());
            if (w >= 50 && h >= 50 && w <= 10000 && h <= 10000) {
                return new int[]{w, h};
            }
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw new RobustlabException("--size must be WIDTHxHEIGHT between 50 and 10000 pixels, e.g. --size 1200x800; got '" + size + "'");
    }
}
