package org.robustlab.numerics;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One reusable block of memory for the temporaries of a step repeated many times (a training batch, a chunk of a
 * streamed covariance), through ND4J's workspaces. Without it every batch-sized temporary is a fresh native buffer,
 * freed only when the garbage collector finds its Java wrapper: between collections each step touches new pages,
 * and on a 2000-unit model with BatchNorm and the spectral penalty the kernel's page faults and zeroing cost more
 * than the GEMMs (about 50,000 faults per second, measured with {@code perf}). In a scope, arrays are carved from
 * memory the previous step used; the arithmetic is the same, so results are bit-identical (tests compare both).
 *
 * <p>An array made in a scope is valid only until the scope closes: whatever must outlive the step (parameters,
 * accumulators, cached state) is made before it, or copied out with {@code detach()}.
 */
public final class StepMemory {
    /** Whether scopes use a workspace; false gives the plain allocation, for the tests that compare both. */
    public static volatile boolean enabled = true;

    // The first step measures what a step needs; later steps reuse that block (20% headroom), and a step that
    // needs more spills to plain allocations and makes the block grow for the next one.
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.2)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private StepMemory() {
    }

    /** A scope; closing it makes its memory free for the next step of the same {@code id}. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Opens a scope on this thread's block {@code id} (a no-op scope when {@link #enabled} is false). */
    public static Scope open(String id) {
        if (!enabled) {
            return () -> { };
        }
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id);
        return ws::close;
    }

    /** Returns this thread's block {@code id} to the system (after the last step; a later scope makes a new one). */
    public static void release(String id) {
        if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(id)) {
            Nd4j.getWorkspaceManager().destroyWorkspace(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id));
        }
    }
}
