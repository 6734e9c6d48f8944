package org.robustlab.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads the official CIFAR-10 <em>binary version</em>: records of 1 label byte followed by 3072
 * pixel bytes (1024 red, 1024 green, 1024 blue, each 32×32 row-major, i.e. CHW). Accepts plain
 * {@code .bin} files, {@code .bin.gz}, a folder holding {@code data_batch_1..5} and
 * {@code test_batch}, or the official {@code cifar-10-binary.tar.gz} read directly.
 */
public final class CifarBinaryReader {
    /** Bytes per image (3 × 32 × 32). */
    public static final int PIXELS = 3072;
    /** Bytes per record: label + pixels. */
    public static final int RECORD = PIXELS + 1;
    /** Class names in label order (batches.meta.txt). */
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer",
            "dog", "frog", "horse", "ship", "truck");
    static final String LAYOUT = "official CIFAR-10 binary layout: records of " + RECORD
            + " bytes = 1 label byte (0-9) + " + PIXELS + " pixel bytes (R, G, B planes of 32x32, CHW)";

    private CifarBinaryReader() {
    }

    /** The train/test split of a CIFAR-10 source. */
    public record Split(RawImages train, RawImages test) {
    }

    /**
     * Images of one split before conversion to ND4J.
     *
     * @param pixels    N×3072 floats in [0, 1], row-major
     * @param labels    N labels
     * @param checksums source name → SHA-256
     */
    public record RawImages(float[] pixels, int[] labels, Map<String, String> checksums) {
        public int size() {
            return labels.length;
        }
    }

    /**
     * Reads train and test images from a folder or the official tar.gz.
     *
     * @param limitTrain at most this many training images (≤ 0: all), taken in file order
     * @param limitTest  at most this many test images (≤ 0: all)
     */
    public static Split readSplit(Path source, int limitTrain, int limitTest) {
        if (Files.isDirectory(source)) {
            return new Split(readFiles(batchFiles(source, true), limitTrain),
                    readFiles(batchFiles(source, false), limitTest));
        }
        String name = source.getFileName().toString();
        if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            return readTarGz(source, limitTrain, limitTest);
        }
        throw new DataFormatException(source + ": expected a folder with data_batch_1.bin .. data_batch_5.bin"
                + " and test_batch.bin (optionally .gz), or the official cifar-10-binary.tar.gz");
    }

    /** Reads one batch file ({@code .bin} or {@code .bin.gz}). */
    public static RawImages readFile(Path file, int limit) {
        return readFiles(List.of(file), limit);
    }

    private static List<Path> batchFiles(Path dir, boolean train) {
        List<String> stems = new ArrayList<>();
        if (train) {
            for (int i = 1; i <= 5; i++) {
                stems.add("data_batch_" + i);
            }
        } else {
            stems.add("test_batch");
        }
        List<Path> files = new ArrayList<>();
        for (String stem : stems) {
            Path plain = dir.resolve(stem + ".bin");
            Path gz = dir.resolve(stem + ".bin.gz");
            if (Files.exists(plain)) {
                files.add(plain);
            } else if (Files.exists(gz)) {
                files.add(gz);
            }
        }
        if (files.isEmpty()) {
            throw new DataFormatException(dir + ": no " + (train ? "data_batch_N.bin" : "test_batch.bin")
                    + " files found; expected the files of the CIFAR-10 binary version (see data/fetch-cifar10.sh)");
        }
        return files;
    }

    private static RawImages readFiles(List<Path> files, int limit) {
        LabelledImages images = new LabelledImages(PIXELS);
        Map<String, String> checksums = new LinkedHashMap<>();
        for (Path file : files) {
            if (limit > 0 && images.size() >= limit) {
                break;
            }
            byte[] bytes = readAll(file);
            checksums.put(file.getFileName().toString(), Checksums.sha256(file));
            decode(file.toString(), bytes, images, limit);
        }
        return new RawImages(images.pixels(), images.labels(), checksums);
    }

    private static byte[] readAll(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot read (" + e.getMessage() + "); " + LAYOUT);
        }
    }

    /** Validates the whole byte array, then appends records until {@code limit}. */
    static void decode(String source, byte[] bytes, LabelledImages into, int limit) {
        if (bytes.length == 0) {
            throw new DataFormatException(source + ": is empty (0 bytes); expected the " + LAYOUT
                    + ". Copy the file again or download the CIFAR-10 binary version.");
        }
        if (bytes.length % RECORD != 0) {
            int complete = bytes.length / RECORD;
            throw new DataFormatException(source + ": size " + bytes.length + " bytes is not a multiple of the record size "
                    + RECORD + "; record " + complete + " is incomplete (" + (bytes.length % RECORD) + " of " + RECORD
                    + " bytes). Expected the " + LAYOUT + ". The file is truncated or not a CIFAR-10 binary batch.");
        }
        int records = bytes.length / RECORD;
        for (int r = 0; r < records; r++) {
            int label = bytes[r * RECORD] & 0xFF;
            if (label > 9) {
                throw new DataFormatException(source + ": record " + r + " (byte offset " + (long) r * RECORD
                        + ") has label byte " + label + "; expected 0-9 in the " + LAYOUT);
            }
        }
        for (int r = 0; r < records && (limit <= 0 || into.size() < limit); r++) {
            into.addBytes(bytes, r * RECORD + 1, bytes[r * RECORD] & 0xFF);
        }
    }

    private static Split readTarGz(Path archive, int limitTrain, int limitTest) {
        Map<String, byte[]> batches = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String base = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                if (!entry.isDirectory() && base.matches("(data_batch_[1-5]|test_batch)\\.bin")) {
                    batches.put(base, tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new DataFormatException(archive + ": not a readable tar.gz (" + e.getMessage()
                    + "); expected the official cifar-10-binary.tar.gz");
        }
        String sha = Checksums.sha256(archive);
        LabelledImages train = new LabelledImages(PIXELS);
        for (int i = 1; i <= 5; i++) {
            byte[] b = batches.get("data_batch_" + i + ".bin");
            if (b == null) {
                throw new DataFormatException(archive + ": data_batch_" + i + ".bin missing from the archive");
            }
            decode(archive + "!data_batch_" + i + ".bin", b, train, limitTrain);
        }
        byte[] t = batches.get("test_batch.bin");
        if (t == null) {
            throw new DataFormatException(archive + ": test_batch.bin missing from the archive");
        }
        LabelledImages test = new LabelledImages(PIXELS);
        decode(archive + "!test_batch.bin", t, test, limitTest);
        Map<String, String> sums = Map.of(archive.getFileName().toString(), sha);
        return new Split(new RawImages(train.pixels(), train.labels(), sums),
                new RawImages(test.pixels(), test.labels(), sums));
    }

}
