package org.robustlab.core.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Encoder;
import org.robustlab.api.TrainedModel;
import org.robustlab.api.TrainingRecord;
import org.robustlab.core.results.ContentKeys;
import org.robustlab.core.results.Json;
import org.robustlab.core.results.StudyFiles;

/**
 * Models under {@code models/<name>/}: {@code model.json} (the encoder's metadata, the array
 * file names, the training history and the cache key) and one {@code .npy} per array.
 * A model whose stored cache key matches is reused instead of retrained.
 */
public final class ModelStore {
    private final StudyFiles files;

    public ModelStore(StudyFiles files) {
        this.files = files;
    }

    /** Content address of a training run: SHA-256 of everything that determines its result, canonically serialised. */
    public static String cacheKey(Map<String, Object> inputs) {
        return ContentKeys.of(inputs);
    }

    /** Folder of a model relative to the study folder: {@code models/<file-safe name>}. */
    public static String relativeFolder(String modelName) {
        return "models/" + org.robustlab.api.FileNames.of(modelName);
    }

    /** Folder of a model. */
    public Path folder(String modelName) {
        return files.resolve(relativeFolder(modelName));
    }

    /** Deletes everything saved for a model (model, checkpoints, diagnostics): {@code run --fresh}. */
    public void clear(String modelName) {
        Path dir = folder(modelName);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot remove the saved model " + dir + " for --fresh", e);
        }
    }

    /** Writes the model; arrays first, {@code model.json} last so a partial save is never taken as complete. */
    public void save(String modelName, TrainedModel model, Map<String, Object> provenance, String cacheKey) {
        TrainedModel.SavedModel saved = model.export();
        Map<String, Object> json = new LinkedHashMap<>(saved.metadata());
        Map<String, String> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : saved.arrays().entrySet()) {
            String file = e.getKey() + ".npy";
            files.writeNpy(relativeFolder(modelName) + "/" + file, e.getValue());
            arrays.put(e.getKey(), file);
        }
        json.put("arrays", arrays);
        json.put("name", modelName);
        json.put("history", model.history());
        json.put("provenance", provenance);
        json.put("cacheKey", cacheKey);
        List<List<?>> rows = new ArrayList<>();
        for (TrainingRecord r : model.history()) {
            rows.add(List.of(r.epoch(), r.loss(), r.penalty(), r.trainAccuracy(), r.seconds()));
        }
        files.writeCsv(relativeFolder(modelName) + "/history.csv",
                List.of("epoch", "loss", "penalty", "train_accuracy", "seconds"), rows);
        files.writeJson(relativeFolder(modelName) + "/model.json", json);
    }

    /** The saved model if its cache key matches and every array is present; else null. */
    public TrainedModel loadIfCached(String modelName, String cacheKey, Encoder encoder) {
        Path json = folder(modelName).resolve("model.json");
        if (!Files.exists(json)) {
            return null;
        }
        Map<String, Object> meta = Json.readMap(json);
        if (!cacheKey.equals(meta.get("cacheKey"))) {
            return null;
        }
        return load(modelName, meta, encoder);
    }

    /**
     * Copies the saved model of the same name and cache key from another study folder into this one (its arrays,
     * history and the encoder's extra files; not its training checkpoint), {@code model.json} last so that an
     * interrupted copy is never taken as a saved model. Returns false, copying nothing, when the other folder has no
     * such model or misses one of its arrays.
     */
    @SuppressWarnings("unchecked")
    public boolean adopt(String modelName, String cacheKey, Path otherStudy) {
        Path from = otherStudy.resolve(relativeFolder(modelName));
        Path json = from.resolve("model.json");
        if (!Files.isRegularFile(json)) {
            return false;
        }
        Map<String, Object> meta = Json.readMap(json);
        if (!cacheKey.equals(meta.get("cacheKey")) || !(meta.get("arrays") instanceof Map<?, ?> arrays)
                || !((Map<String, Object>) arrays).values().stream().allMatch(f -> Files.isRegularFile(from.resolve(f.toString())))) {
            return false;
        }
        // with its subfolders: an encoder's own saved phases (the KH rule's synapses) can then serve other models here
        try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                String rel = from.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                boolean hidden = java.util.Arrays.stream(rel.split("/")).anyMatch(part -> part.startsWith("."));
                if (!rel.equals("model.json") && !rel.equals(ModelCheckpoint.FILE) && !hidden) {
                    files.writeBytes(relativeFolder(modelName) + "/" + rel, Files.readAllBytes(f));
                }
            }
            files.writeBytes(relativeFolder(modelName) + "/model.json", Files.readAllBytes(json));
            Files.deleteIfExists(folder(modelName).resolve(ModelCheckpoint.FILE)); // an own half-trained state is superseded
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot copy the saved model " + from, e);
        }
        return true;
    }

    /** Loads a saved model through its encoder. */
    @SuppressWarnings("unchecked")
    public TrainedModel load(String modelName, Map<String, Object> meta, Encoder encoder) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) meta.get("arrays")).entrySet()) {
            Path f = folder(modelName).resolve(e.getValue().toString());
            if (!Files.exists(f)) {
                return null;
            }
            arrays.put(e.getKey(), org.robustlab.core.results.Npy.read(f));
        }
        return encoder.restore(modelName, new TrainedModel.SavedModel(meta, arrays));
    }
}
