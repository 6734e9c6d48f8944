package org.robustlab.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Dataset;
import org.robustlab.api.RobustlabException;

/** Turns a {@link DataSpec} into train and test {@link Dataset}s. */
public final class DataLoader {
    /** System property naming the robustlab installation (the folder holding {@code data/}). */
    public static final String HOME_PROPERTY = "robustlab.home";

    private DataLoader() {
    }

    /** Train and test sets of a study. */
    public record TrainTest(Dataset train, Dataset test) {
    }

    /** Loads the data a spec names, relative paths resolved against {@code baseDir}. */
    public static TrainTest load(DataSpec spec, Path baseDir, DataType type) {
        switch (spec.kind()) {
            case "sample" -> {
                Path sample = sampleFolder();
                return cifar(sample, spec, type, "sample");
            }
            case "cifar10" -> {
                return cifar(resolve(spec.path(), baseDir), spec, type, "cifar10");
            }
            case "images" -> {
                Path src = resolve(spec.path(), baseDir);
                ImageFolderReader.Folder train = ImageFolderReader.read(src, "train", spec.train());
                ImageFolderReader.Folder test = ImageFolderReader.read(src, "test", spec.test());
                int[] shape = {3, train.height(), train.width()};
                return new TrainTest(dataset("images/train", train.images(), train.classes(), shape, type),
                        dataset("images/test", test.images(), train.classes(), shape, type));
            }
            default -> throw new RobustlabException("unknown data kind '" + spec.kind() + "'; use sample, cifar10 or images");
        }
    }

    /** The bundled sample: {@code $robustlab.home/data/cifar10-sample}. */
    public static Path sampleFolder() {
        String home = System.getProperty(HOME_PROPERTY, ".");
        Path sample = Path.of(home).resolve("data").resolve("cifar10-sample");
        if (!Files.isDirectory(sample)) {
            throw new RobustlabException("bundled sample not found at " + sample.toAbsolutePath()
                    + "; run robustlab from its repository (set -D" + HOME_PROPERTY + ") or name data with data cifar10(dir: ...)");
        }
        return sample;
    }

    private static TrainTest cifar(Path source, DataSpec spec, DataType type, String label) {
        CifarBinaryReader.Split split = CifarBinaryReader.readSplit(source, spec.train(), spec.test());
        int[] shape = {3, 32, 32};
        return new TrainTest(dataset(label + "/train", split.train(), CifarBinaryReader.CLASSES, shape, type),
                dataset(label + "/test", split.test(), CifarBinaryReader.CLASSES, shape, type));
    }

    private static Path resolve(String path, Path baseDir) {
        if (path == null) {
            throw new RobustlabException("data source needs a path, e.g. cifar10(dir: 'data/cifar-10-batches-bin')");
        }
        Path p = Path.of(path);
        return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }

    /** Wraps raw pixels as a {@link Dataset}. */
    public static Dataset dataset(String name, CifarBinaryReader.RawImages raw, List<String> classes, int[] shape,
                                  DataType type) {
        int d = shape[0] * shape[1] * shape[2];
        var features = Nd4j.create(raw.pixels(), new long[]{raw.size(), d}, DataType.FLOAT).castTo(type);
        return new Dataset(name, features, raw.labels(), classes, shape,
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(raw.checksums())));
    }
}
