package org.robustlab.core.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Checks on rendered images. */
public final class Images {
    private Images() {
    }

    /** The PNG has the given size and is drawn, not blank: more than 50 distinct colours on a 4-pixel lattice. */
    public static void assertDrawn(Path png, int width, int height) throws java.io.IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < height; y += 4) {
            for (int x = 0; x < width; x += 4) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, "a drawn image, not a blank one: " + colours.size() + " distinct colours in " + png);
    }
}
