package org.robustlab.plugins.encoders;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Synapses as 32×32 RGB tiles (each row of S in CHW order, scaled by its own max |value| to
 * [−1, 1], shown as (v + 1)/2), in a grid, as PNG bytes. Krotov's way of looking at what units learned.
 */
final class SynapseImages {
    private SynapseImages() {
    }

    /** The first {@code count} rows of {@code s} (H×3072) as a grid of tiles; ablated rows are shown black. */
    static byte[] png(INDArray s, int count, boolean[] ablated, int side, int scale) {
        int units = (int) Math.min(count, s.rows());
        int cols = (int) Math.ceil(Math.sqrt(units));
        int rows = (int) Math.ceil(units / (double) cols);
        int tile = side * scale + 2;
        BufferedImage img = new BufferedImage(cols * tile, rows * tile, BufferedImage.TYPE_INT_RGB);
        double[][] v = s.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, units), org.nd4j.linalg.indexing.NDArrayIndex.all())
                .castTo(DataType.DOUBLE).toDoubleMatrix();
        int plane = side * side;
        for (int u = 0; u < units; u++) {
            double max = 1e-30;
            for (double x : v[u]) {
                max = Math.max(max, Math.abs(x));
            }
            int ox = (u % cols) * tile + 1;
            int oy = (u / cols) * tile + 1;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int rgb = 0;
                    if (ablated == null || !ablated[u]) {
                        int r = level(v[u][y * side + x] / max);
                        int g = level(v[u][plane + y * side + x] / max);
                        int b = level(v[u][2 * plane + y * side + x] / max);
                        rgb = (r << 16) | (g << 8) | b;
                    }
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            img.setRGB(ox + x * scale + dx, oy + y * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int level(double v) {
        return (int) Math.round(Math.max(0, Math.min(1, (v + 1) / 2)) * 255);
    }
}
