package org.robustlab.core.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.robustlab.api.TrainingRecord;

/**
 * Signs that a training run diverged while its loss stayed finite (a NaN already fails the model):
 * the loss ended far above where it started, or the training accuracy ended at chance. Reported as
 * warnings in {@code study.json}, the run output and the site, not as failures: the model is kept.
 */
final class TrainingWarnings {
    /** The last epoch's loss above this multiple of the first epoch's is an explosion. */
    static final double LOSS_GROWTH = 100;
    /** Training accuracy below this multiple of chance (1 / classes) after the last epoch is "at chance". */
    static final double CHANCE_MARGIN = 1.2;

    private TrainingWarnings() {
    }

    static List<String> of(String model, List<TrainingRecord> history, int classes) {
        List<String> warnings = new ArrayList<>();
        if (history.isEmpty()) {
            return warnings;
        }
        TrainingRecord first = history.get(0);
        TrainingRecord last = history.get(history.size() - 1);
        if (first.loss() > 0 && last.loss() > LOSS_GROWTH * first.loss()) {
            warnings.add(String.format(Locale.ROOT, "model '%s' diverged: its training loss grew from %.4g (epoch %d) to %.4g"
                    + " (epoch %d); lower the learning rate or the regularizer strength", model, first.loss(), first.epoch(),
                    last.loss(), last.epoch()));
        }
        double chance = 1.0 / Math.max(1, classes);
        if (classes > 1 && last.trainAccuracy() < CHANCE_MARGIN * chance) {
            warnings.add(String.format(Locale.ROOT, "model '%s' is at chance: training accuracy %.3f after epoch %d (chance %.3f);"
                    + " its robustness numbers mean nothing. Check the learning rate, the epochs and the data", model,
                    last.trainAccuracy(), last.epoch(), chance));
        }
        return warnings;
    }
}
