package org.robustlab.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything a training loop needs to continue after {@code epochsDone} finished epochs exactly as
 * if it had never stopped: arrays (weights, optimiser moments), opaque byte blobs (random
 * generators, see {@link #randomBytes}) and JSON-serialisable metadata (history so far, counters).
 *
 * @param epochsDone epochs finished in this phase
 * @param arrays     named arrays, saved bit-exactly
 * @param blobs      named byte strings, saved as they are
 * @param metadata   values Jackson can write and read back (maps, lists, strings, numbers, booleans)
 */
public record TrainingState(int epochsDone, Map<String, INDArray> arrays, Map<String, byte[]> blobs,
                            Map<String, Object> metadata) {
    public TrainingState {
        arrays = new LinkedHashMap<>(arrays);
        blobs = new LinkedHashMap<>(blobs);
        metadata = new LinkedHashMap<>(metadata);
    }

    /** The array {@code name}; a {@link RobustlabException} naming the checkpoint's arrays when absent. */
    public INDArray array(String name) {
        INDArray a = arrays.get(name);
        if (a == null) {
            throw new RobustlabException("training checkpoint lacks array '" + name + "' (has " + arrays.keySet() + ")");
        }
        return a;
    }

    /** The exact state of a {@link Random} (its 48-bit seed), for {@link #random(byte[])}. */
    public static byte[] randomBytes(Random rng) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(rng);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A {@link Random} continuing exactly where the one given to {@link #randomBytes} was. */
    public static Random random(byte[] state) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(state))) {
            // only java.util.Random may come out of a checkpoint file
            in.setObjectInputFilter(info -> info.serialClass() == null || info.serialClass() == Random.class
                    ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED);
            return (Random) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new RobustlabException("training checkpoint holds an unreadable random generator state (" + e + ")");
        }
    }
}
