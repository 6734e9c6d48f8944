package org.robustlab.site;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;
import org.robustlab.core.results.AtomicFiles;

/** PNG and SVG files of anything that draws itself into a Graphics2D (JFreeChart, Orson Charts), written atomically. */
final class FigureFiles {
    private FigureFiles() {
    }

    static void png(Path file, int width, int height, BiConsumer<Graphics2D, Rectangle> drawing) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        drawing.accept(g, new Rectangle(width, height));
        g.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    static void svg(Path file, int width, int height, BiConsumer<Graphics2D, Rectangle> drawing) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        drawing.accept(g, new Rectangle(width, height));
        AtomicFiles.write(file, g.getSVGDocument().getBytes(StandardCharsets.UTF_8));
    }
}
