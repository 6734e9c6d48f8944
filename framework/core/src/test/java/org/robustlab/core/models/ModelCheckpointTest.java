package org.robustlab.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.TrainingState;

/** Checkpoint spacing: every epoch while writes are cheap, at most a tenth of the time writing when they are not. */
class ModelCheckpointTest {
    @TempDir
    Path dir;

    private static TrainingState state(int epochs, INDArray w) {
        return new TrainingState(epochs, Map.of("W", w), Map.of("shuffle", new byte[]{1, 2}), Map.of("history", List.of()));
    }

    @Test
    void everyEpochWhileWritesAreCheapAndSpacedWhenTheyAreNot() throws Exception {
        ModelCheckpoint small = new ModelCheckpoint(dir.resolve("small.zip"), "key", m -> { });
        INDArray tiny = Nd4j.rand(DataType.FLOAT, 3, 4);
        for (int e = 1; e <= 5; e++) {
            small.save("train", state(e, tiny));
            Thread.sleep(20); // an epoch far longer than ten writes of a 3×4 array
            assertEquals(e, small.load("train").epochsDone(), "saved after epoch " + e);
        }
        assertEquals(tiny, small.load("train").array("W"));

        // every write counts as expensive here: after two writes, saves are spaced by nine times the cheapest
        ModelCheckpoint big = new ModelCheckpoint(dir.resolve("big.zip"), "key", m -> { }, 0);
        INDArray w = Nd4j.rand(DataType.FLOAT, 500, 3072);
        big.save("train", state(1, w));
        long t0 = System.nanoTime();
        big.save("train", state(2, w));
        long write = System.nanoTime() - t0;
        big.save("train", state(3, w)); // at once: skipped, the previous write is too recent
        assertEquals(2, big.load("train").epochsDone());
        big.save("decoder", state(1, w)); // a new phase is always saved
        assertEquals(1, big.load("decoder").epochsDone());
        Thread.sleep((ModelCheckpoint.SPACING + 2) * write / 1_000_000 + 20);
        big.save("decoder", state(2, w)); // enough time has passed
        assertEquals(2, big.load("decoder").epochsDone());
        assertEquals(w, big.load("decoder").array("W"));
    }
}
