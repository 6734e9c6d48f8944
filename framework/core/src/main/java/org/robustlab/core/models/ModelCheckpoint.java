package org.robustlab.core.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.TrainingCheckpoints;
import org.robustlab.api.TrainingState;
import org.robustlab.core.results.AtomicFiles;
import org.robustlab.core.results.Json;
import org.robustlab.core.results.Npy;

/**
 * The one training checkpoint of a model: {@code models/<name>/checkpoint.zip}, written atomically
 * after every epoch. It holds {@code state.json} (the model's content key, the phase, the epochs
 * done and the loop's metadata), one {@code .npy} per array and one {@code .bin} per blob. A
 * checkpoint whose key differs (other parameters, data or seed) is ignored and later replaced.
 * One zip rather than a folder of files, so that the whole state is replaced by one rename.
 */
public final class ModelCheckpoint implements TrainingCheckpoints {
    /** File name inside the model's folder. */
    public static final String FILE = "checkpoint.zip";
    private static final String STATE = "state.json";
    private final Path file;
    private final String modelKey;
    private final java.util.function.Consumer<String> log;

    /**
     * @param file     the checkpoint file
     * @param modelKey the model's content key (cache key)
     * @param log      where to say that a checkpoint was found, or could not be read
     */
    public ModelCheckpoint(Path file, String modelKey, java.util.function.Consumer<String> log) {
        this(file, modelKey, log, EXPENSIVE_WRITE_NANOS);
    }

    @Override
    @SuppressWarnings("unchecked")
    public TrainingState load(String phase) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry stateEntry = zip.getEntry(STATE);
            if (stateEntry == null) {
                return unreadable("it has no " + STATE);
            }
            Map<String, Object> state;
            try (InputStream in = zip.getInputStream(stateEntry)) {
                state = Json.MAPPER.readValue(in, Map.class);
            }
            if (!modelKey.equals(state.get("modelKey")) || !phase.equals(state.get("phase"))) {
                return null;
            }
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            for (String name : (List<String>) state.get("arrays")) {
                try (InputStream in = zip.getInputStream(required(zip, name + ".npy"))) {
                    arrays.put(name, Npy.read(in, file + "!" + name + ".npy"));
                }
            }
            Map<String, byte[]> blobs = new LinkedHashMap<>();
            for (String name : (List<String>) state.get("blobs")) {
                try (InputStream in = zip.getInputStream(required(zip, name + ".bin"))) {
                    blobs.put(name, in.readAllBytes());
                }
            }
            int epochs = ((Number) state.get("epochsDone")).intValue();
            log.accept("resuming " + phase + " from its checkpoint after epoch " + epochs + " (" + file + ")");
            return new TrainingState(epochs, arrays, blobs, (Map<String, Object>) state.get("metadata"));
        } catch (IOException | RuntimeException e) {
            return unreadable(e.toString());
        }
    }

    private static ZipEntry required(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new IOException("entry " + name + " is missing");
        }
        return e;
    }

    private TrainingState unreadable(String why) {
        log.accept("training checkpoint " + file + " is unreadable (" + why + "); training this phase from the start");
        return null;
    }

    /**
     * A save is skipped while less than this many times the cheapest write so far has passed since the last one ended,
     * once two writes have shown that a write costs at least {@link #EXPENSIVE_WRITE_NANOS}: writing then costs at
     * most a tenth of the training time. On a full-data run (epochs of seconds, writes of ~0.5 s) every epoch is
     * still saved; on a 1,000-image sample (epochs of ~0.1 s) a 48 MB KH state is saved about every 4 s instead of 100
     * times a minute, and a kill loses at most those seconds. Small states (cheap writes) are saved every epoch.
     */
    static final int SPACING = 9;
    static final long EXPENSIVE_WRITE_NANOS = 200_000_000L;
    private final long expensiveWriteNanos;
    private String lastPhase;
    private long lastWriteEnd;
    private long cheapestWriteNanos = Long.MAX_VALUE;
    private int writes;

    /** As the public constructor, with the write cost from which saves are spaced (tests). */
    ModelCheckpoint(Path file, String modelKey, java.util.function.Consumer<String> log, long expensiveWriteNanos) {
        this.file = file;
        this.modelKey = modelKey;
        this.log = log;
        this.expensiveWriteNanos = expensiveWriteNanos;
    }

    @Override
    public void save(String phase, TrainingState state) {
        long start = System.nanoTime();
        boolean spaced = writes >= 2 && cheapestWriteNanos >= expensiveWriteNanos;
        if (spaced && phase.equals(lastPhase) && start - lastWriteEnd < SPACING * cheapestWriteNanos) {
            return;
        }
        write(phase, state);
        lastPhase = phase;
        lastWriteEnd = System.nanoTime();
        cheapestWriteNanos = Math.min(cheapestWriteNanos, lastWriteEnd - start);
        writes++;
    }

    private void write(String phase, TrainingState state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("modelKey", modelKey);
        json.put("phase", phase);
        json.put("epochsDone", state.epochsDone());
        json.put("arrays", List.copyOf(state.arrays().keySet()));
        json.put("blobs", List.copyOf(state.blobs().keySet()));
        json.put("metadata", state.metadata());
        AtomicFiles.write(file, raw -> {
            ZipOutputStream zip = new ZipOutputStream(raw);
            // weights do not compress; level 0 keeps a 75 MB checkpoint a memory copy
            zip.setLevel(Deflater.NO_COMPRESSION);
            put(zip, STATE, out -> out.write(Json.bytes(json)));
            for (Map.Entry<String, INDArray> a : state.arrays().entrySet()) {
                put(zip, a.getKey() + ".npy", out -> Npy.write(a.getValue(), out));
            }
            for (Map.Entry<String, byte[]> b : state.blobs().entrySet()) {
                put(zip, b.getKey() + ".bin", out -> out.write(b.getValue()));
            }
            zip.finish();
        });
    }

    private static void put(ZipOutputStream zip, String name, AtomicFiles.Content content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        content.writeTo(new NonClosing(zip));
        zip.closeEntry();
    }

    /** Removes the checkpoint (the model is saved). */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.accept("could not remove the finished training checkpoint " + file + ": " + e.getMessage());
        }
    }

    /** Npy.write may close its stream; the zip must stay open. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
