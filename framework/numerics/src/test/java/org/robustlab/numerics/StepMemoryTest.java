package org.robustlab.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

class StepMemoryTest {
    @AfterEach
    void restore() {
        StepMemory.enabled = true;
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    }

    @Test
    void arraysOfAScopeComeFromItsBlockAndScratchNeverDoes() {
        INDArray scratch;
        try (StepMemory.Scope s = StepMemory.open("test-block")) {
            assertTrue(Nd4j.rand(DataType.FLOAT, 4, 5).isAttached(), "made in the scope's block");
            scratch = RowPasses.like(null, DataType.FLOAT, 4, 5).assign(7);
        }
        for (int step = 0; step < 3; step++) { // later steps reuse the block's memory
            try (StepMemory.Scope s = StepMemory.open("test-block")) {
                Nd4j.rand(DataType.FLOAT, 4, 5).muli(100);
            }
        }
        assertFalse(scratch.isAttached());
        assertArrayEquals(new float[20], scratch.sub(7).data().asFloat(), 0f, "the scratch kept its values");
        StepMemory.release("test-block");
        StepMemory.enabled = false;
        try (StepMemory.Scope s = StepMemory.open("test-block")) {
            assertFalse(Nd4j.rand(DataType.FLOAT, 4, 5).isAttached(), "disabled: plain allocation");
        }
    }

    @Test
    void theStreamedCovarianceIsBitIdenticalWithReusedMemory() {
        Nd4j.getRandom().setSeed(5);
        INDArray inputs = Nd4j.rand(DataType.FLOAT, 2500, 30); // chunks of 1000, 1000, 500
        INDArray w = Nd4j.randn(DataType.FLOAT, 30, 12);
        java.util.function.Function<INDArray, INDArray> rep = x -> org.nd4j.linalg.ops.transforms.Transforms.relu(x.mmul(w), false);
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.SCOPE_PANIC);
        INDArray reused = Covariance.ofRepresentation(inputs, rep);
        StepMemory.enabled = false;
        INDArray plain = Covariance.ofRepresentation(inputs, rep);
        assertArrayEquals(plain.data().asDouble(), reused.data().asDouble(), 0.0);
        // and it is the covariance (the two-pass formula; float32 representations, so agreement to float32 rounding)
        double diff = plain.sub(Covariance.ofRows(rep.apply(inputs))).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5 * plain.amaxNumber().doubleValue(), "max |difference| " + diff);
    }
}
