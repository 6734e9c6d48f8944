package org.robustlab.plugins.analyzers;

import java.util.Arrays;

/**
 * Per-model robustness statistics of one attack, evaluated for a resample of the test set given as
 * multiplicities {@code counts[i]} of test image i (all ones for the study's own test set). Images the model
 * misclassified cleanly do not enter (critical distances exist only for originally correct images).
 */
final class RobustnessStatistics {
    /** Critical distances of the originally correct images, ascending, with their test positions and censoring. */
    private final int[] index;
    private final double[] distance;
    private final boolean[] censored;
    /** For the area under the relative-accuracy curve: per image, the number of grid points it survives. */
    private final int[] survives;
    private final double[] logGrid;

    /**
     * @param index     test positions of the originally correct images
     * @param distance  their critical distances (lower bounds when censored)
     * @param censored  never flipped
     * @param critEps   their critical ε (for a censored image, the largest ε tried)
     * @param grid      the ε grid the area is taken over (ascending, positive)
     */
    RobustnessStatistics(int[] index, double[] distance, boolean[] censored, double[] critEps, double[] grid) {
        Integer[] order = new Integer[index.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(distance[a], distance[b]));
        this.index = new int[index.length];
        this.distance = new double[index.length];
        this.censored = new boolean[index.length];
        this.survives = new int[index.length];
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            this.index[k] = index[i];
            this.distance[k] = distance[i];
            this.censored[k] = censored[i];
            int s = 0; // grid points at which the image is still correct: ε below its critical ε, all of them if censored
            while (s < grid.length && (censored[i] || grid[s] < critEps[i] * (1 - 1e-12))) {
                s++;
            }
            this.survives[k] = s;
        }
        this.logGrid = Arrays.stream(grid).map(Math::log10).toArray();
    }

    /** Median critical distance over the flipped images (the seed code drops never-flipped images); NaN if none. */
    double medianDropCensored(int[] counts) {
        long total = 0;
        for (int k = 0; k < index.length; k++) {
            total += censored[k] ? 0 : counts[index[k]];
        }
        if (total == 0) {
            return Double.NaN;
        }
        return weightedMedian(counts, total, true);
    }

    private double weightedMedian(int[] counts, long total, boolean skipCensored) {
        // lower and upper middle elements of the sorted multiset, averaged (numpy.median's convention)
        long lowRank = (total - 1) / 2;
        long highRank = total / 2;
        double low = Double.NaN;
        long seen = 0;
        for (int k = 0; k < index.length; k++) {
            if (skipCensored && censored[k]) {
                continue;
            }
            int c = counts[index[k]];
            if (c == 0) {
                continue;
            }
            if (Double.isNaN(low) && seen + c > lowRank) {
                low = distance[k];
            }
            if (seen + c > highRank) {
                return (low + distance[k]) / 2;
            }
            seen += c;
        }
        return low;
    }

    /**
     * Kaplan–Meier median critical distance with never-flipped images right-censored at their last distance: the
     * smallest distance at which the estimated fraction still unflipped is at most ½; +∞ when it never gets there.
     */
    double medianKaplanMeier(int[] counts) {
        long atRisk = 0;
        for (int k = 0; k < index.length; k++) {
            atRisk += counts[index[k]];
        }
        if (atRisk == 0) {
            return Double.NaN;
        }
        double survival = 1;
        int k = 0;
        while (k < index.length) {
            double t = distance[k];
            long events = 0;
            long leaving = 0;
            while (k < index.length && distance[k] == t) { // ties: events and censorings at t, events first
                int c = counts[index[k]];
                events += censored[k] ? 0 : c;
                leaving += c;
                k++;
            }
            if (events > 0 && atRisk > 0) {
                survival *= 1 - (double) events / atRisk;
                if (survival <= 0.5) {
                    return t;
                }
            }
            atRisk -= leaving;
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * Area under the relative-accuracy curve over log10 ε, trapezoidal, divided by the log range: 1 for a model no
     * image of which flips on the grid, 0 for one whose every image flips at the smallest ε.
     */
    double auc(int[] counts) {
        int g = logGrid.length;
        long total = 0;
        long[] survivingExactly = new long[g + 1]; // images surviving exactly j grid points, weighted
        for (int k = 0; k < index.length; k++) {
            int c = counts[index[k]];
            total += c;
            survivingExactly[survives[k]] += c;
        }
        long[] still = new long[g]; // still[s]: images surviving grid point s = those surviving more than s points
        long more = 0;
        for (int s = g - 1; s >= 0; s--) {
            more += survivingExactly[s + 1];
            still[s] = more;
        }
        if (total == 0 || g < 2) {
            return Double.NaN;
        }
        double area = 0;
        for (int s = 1; s < g; s++) {
            area += (logGrid[s] - logGrid[s - 1]) * (still[s] + still[s - 1]) / (2.0 * total);
        }
        return area / (logGrid[g - 1] - logGrid[0]);
    }
}
