package org.robustlab.examples.corruptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianBlurTest {
    /** The obvious 2D convolution with the renormalised truncated kernel: the oracle for the separable version. */
    static double[] direct(double[] img, int c, int h, int w, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] out = new double[img.length];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    double weight = 0;
                    for (int dy = -r; dy <= r; dy++) {
                        for (int dx = -r; dx <= r; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                double k = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
                                sum += k * img[(ch * h + yy) * w + xx];
                                weight += k;
                            }
                        }
                    }
                    out[(ch * h + y) * w + x] = sum / weight;
                }
            }
        }
        return out;
    }

    @Test
    void separableBlurEqualsTheDirectConvolution() {
        Random rng = new Random(7);
        for (double sigma : new double[]{0.4, 1.0, 2.5}) {
            double[] img = new double[3 * 9 * 11];
            for (int i = 0; i < img.length; i++) {
                img[i] = rng.nextDouble();
            }
            double[] fast = new GaussianBlur(3, 9, 11, sigma).apply(img);
            double[] slow = direct(img, 3, 9, 11, sigma);
            for (int i = 0; i < img.length; i++) {
                assertEquals(slow[i], fast[i], 1e-12, "sigma " + sigma + " pixel " + i);
            }
        }
    }

    @Test
    void constantImagesStayConstantAndChannelsDoNotMix() {
        double[] img = new double[3 * 32 * 32];
        for (int i = 0; i < img.length; i++) {
            img[i] = i < 1024 ? 0.25 : i < 2048 ? 0.5 : 1.0;
        }
        double[] out = GaussianBlur.forRgbRows(3072, 2.0).apply(img);
        for (int i = 0; i < img.length; i++) {
            assertEquals(img[i], out[i], 1e-12);
        }
    }

    @Test
    void rejectsRowsThatAreNotSquareRgbImages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GaussianBlur.forRgbRows(100, 1));
        assertTrue(e.getMessage().contains("100"), e.getMessage());
    }
}
