package org.robustlab.core.progress;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.robustlab.api.Progress;

/**
 * Progress on the console. With an interactive terminal it draws a bar (tongfei/progressbar);
 * otherwise it prints a line when a tenth of the work is done or 10 s have passed, so CI logs
 * show progress without carriage-return noise.
 */
public final class ConsoleProgress {
    private ConsoleProgress() {
    }

    /** True when stdout is a terminal and the user did not ask for plain output. */
    public static boolean interactive() {
        return System.console() != null && System.getenv("CI") == null && !Boolean.getBoolean("robustlab.plain");
    }

    /** Starts a progress display. */
    public static Progress start(String label, long total, PrintStream out) {
        if (interactive()) {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
            return new Progress() {
                @Override
                public void stepBy(long n) {
                    bar.stepBy(n);
                }

                @Override
                public void message(String text) {
                    bar.setExtraMessage(text);
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        }
        return new LineProgress(label, total, out);
    }

    /** Plain lines for non-terminals. */
    static final class LineProgress implements Progress {
        private final String label;
        private final long total;
        private final PrintStream out;
        private final long start = System.nanoTime();
        private long done;
        private long lastPrint = System.nanoTime();
        private long lastDecile;
        private String message = "";

        LineProgress(String label, long total, PrintStream out) {
            this.label = label;
            this.total = total;
            this.out = out;
        }

        @Override
        public synchronized void stepBy(long n) {
            done += n;
            long decile = total <= 0 ? 0 : done * 10 / total;
            long now = System.nanoTime();
            if (decile > lastDecile || now - lastPrint > 10_000_000_000L) {
                lastDecile = decile;
                lastPrint = now;
                print();
            }
        }

        @Override
        public synchronized void message(String text) {
            message = text == null ? "" : text;
        }

        private void print() {
            double s = (System.nanoTime() - start) / 1e9;
            out.printf("  %s: %d/%d (%.0f%%) %.1fs %s%n", label, done, total, total <= 0 ? 100.0 : 100.0 * done / total,
                    s, message);
        }

        @Override
        public void close() {
            if (lastDecile < 10) {
                print();
            }
        }
    }
}
