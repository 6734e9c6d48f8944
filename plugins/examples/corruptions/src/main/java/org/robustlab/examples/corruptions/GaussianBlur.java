package org.robustlab.examples.corruptions;

/**
 * Separable Gaussian blur of channel-major (CHW) images, the layout robustlab's pixel rows use.
 * At the borders the truncated kernel is renormalised, so every output pixel is a convex
 * combination of input pixels: constant images stay constant and [0, 1] images stay in [0, 1].
 */
public final class GaussianBlur {
    private final int channels;
    private final int height;
    private final int width;
    private final double[] kernel;   // kernel[r + k] = exp(−k² / 2σ²), k = −r … r
    private final int radius;

    public GaussianBlur(int channels, int height, int width, double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.radius = (int) Math.ceil(3 * sigma);
        this.kernel = new double[2 * radius + 1];
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-k * k / (2 * sigma * sigma));
        }
    }

    /** Square RGB images of {@code dimension} = 3·s² pixels values (e.g. 3072 → 3×32×32). */
    public static GaussianBlur forRgbRows(int dimension, double sigma) {
        int side = (int) Math.round(Math.sqrt(dimension / 3.0));
        if (3 * side * side != dimension) {
            throw new IllegalArgumentException("expected square RGB images (3·s² values per row), got rows of " + dimension);
        }
        return new GaussianBlur(3, side, side, sigma);
    }

    public int dimension() {
        return channels * height * width;
    }

    /** Blurs one image given as a CHW row; returns a new array. */
    public double[] apply(double[] image) {
        if (image.length != dimension()) {
            throw new IllegalArgumentException("image has " + image.length + " values, expected " + dimension());
        }
        double[] rows = new double[image.length];
        double[] out = new double[image.length];
        for (int c = 0; c < channels; c++) {
            int base = c * height * width;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    rows[base + y * width + x] = smooth(image, base + y * width, x, width, 1);
                }
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    out[base + y * width + x] = smooth(rows, base + x, y, height, width);
                }
            }
        }
        return out;
    }

    /** Weighted mean along one line: positions {@code start + i·stride}, i ∈ [0, length), centred at {@code at}. */
    private double smooth(double[] v, int start, int at, int length, int stride) {
        double sum = 0;
        double weight = 0;
        for (int i = Math.max(0, at - radius); i <= Math.min(length - 1, at + radius); i++) {
            double w = kernel[i - at + radius];
            sum += w * v[start + i * stride];
            weight += w;
        }
        return sum / weight;
    }
}
