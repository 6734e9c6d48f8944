package org.robustlab.api;

/**
 * Per-epoch checkpoints of one model's training, kept by the host (since API 0.2.0). A training
 * loop saves its {@link TrainingState} after every finished epoch; a run that was killed and is
 * started again with the same study loads it and continues at the next epoch, ending with the
 * same weights as an uninterrupted run.
 *
 * <p>The host keeps at most one checkpoint per model (saving replaces it, whatever the phase),
 * writes it atomically, ties it to the model's content key (other parameters, data or seed never
 * see it) and removes it once the trained model is saved.
 */
public interface TrainingCheckpoints {
    /** Keeps nothing: training always starts from scratch (tests, hosts without checkpoints). */
    TrainingCheckpoints NONE = new TrainingCheckpoints() {
        @Override
        public TrainingState load(String phase) {
            return null;
        }

        @Override
        public void save(String phase, TrainingState state) {
        }
    };

    /**
     * The saved state of {@code phase} (e.g. {@code "kh-rule"}, {@code "decoder"}) of this model,
     * or null when the model's checkpoint is absent, of another phase, or of another configuration.
     */
    TrainingState load(String phase);

    /** Replaces this model's checkpoint with {@code state} of {@code phase}, atomically. */
    void save(String phase, TrainingState state);
}
