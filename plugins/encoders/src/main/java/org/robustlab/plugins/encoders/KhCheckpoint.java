package org.robustlab.plugins.encoders;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.robustlab.api.StudyContext;

/**
 * The synapses S at the end of the unsupervised KH phase, saved beside the model before the
 * decoder trains: the phase is by far the longest step (an hour at H = 2000 on 50,000 images), and
 * a run killed in the decoder (out of memory, a NaN, Ctrl-C) should not cost it again. Keyed by a
 * SHA-256 over everything the phase depends on: the preprocessed training images, the initial
 * synapses (so the seed or the {@code init} file), the rule's parameters and the model name (the
 * shuffle stream is derived from it). Written atomically; {@code S.npy} is written last, so a
 * checkpoint without it is incomplete and ignored.
 */
final class KhCheckpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KhCheckpoint() {
    }

    /** The SHA-256 key of one unsupervised phase (arrays must be C-ordered and not views). */
    static String key(INDArray x, INDArray initialSynapses, Map<String, Object> params) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(new java.util.TreeMap<>(params).toString().getBytes(StandardCharsets.UTF_8));
            for (INDArray a : new INDArray[]{x, initialSynapses}) {
                sha.update((a.dataType() + java.util.Arrays.toString(a.shape())).getBytes(StandardCharsets.UTF_8));
                ByteBuffer bytes = a.data().asNio().duplicate();
                long length = a.length() * a.dataType().width();
                bytes.position(0).limit((int) length);
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The folder of a checkpoint, relative to the study folder. */
    static String folder(String modelDir, String key) {
        return modelDir + "kh-checkpoint/" + key.substring(0, 16) + "/";
    }

    /** Writes the history, then S (the completion marker). */
    static void save(StudyContext ctx, String modelDir, String key, INDArray s, List<Map<String, Object>> history) {
        String dir = folder(modelDir, key);
        ctx.files().writeJson(dir + "history.json", Map.of("key", key, "history", history));
        ctx.files().writeNpy(dir + "S.npy", s);
    }

    /** A complete checkpoint with this key, or null. */
    static Restored load(StudyContext ctx, String modelDir, String key) {
        Path dir = ctx.files().root().resolve(folder(modelDir, key));
        Path s = dir.resolve("S.npy");
        Path history = dir.resolve("history.json");
        if (!Files.isRegularFile(s) || !Files.isRegularFile(history)) {
            return null;
        }
        try {
            Map<String, Object> meta = JSON.readValue(history.toFile(), new TypeReference<Map<String, Object>>() { });
            if (!key.equals(meta.get("key"))) {
                return null;
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> records = (List<Map<String, Object>>) meta.get("history");
            return new Restored(ctx.readArray(s), records);
        } catch (java.io.IOException | RuntimeException e) {
            ctx.log("kh checkpoint " + dir + " is unreadable (" + e.getMessage() + "); running the unsupervised phase again");
            return null;
        }
    }

    /** Synapses and per-epoch records of a finished unsupervised phase. */
    record Restored(INDArray s, List<Map<String, Object>> history) {
    }
}
