package org.robustlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.core.testkit.CifarFiles;

class CifarBinaryReaderTest {
    @TempDir
    Path dir;

    private static void assertSameImages(byte[] bytes, CifarBinaryReader.RawImages images) {
        int n = bytes.length / 3073;
        assertEquals(n, images.size());
        for (int r = 0; r < n; r++) {
            assertEquals(bytes[r * 3073], images.labels()[r]);
            for (int i = 0; i < 3072; i++) {
                assertEquals((bytes[r * 3073 + 1 + i] & 0xFF) / 255f, images.pixels()[r * 3072 + i], 0f);
            }
        }
    }

    @Test
    void plainFileRoundTrip() throws Exception {
        byte[] bytes = CifarFiles.write(dir.resolve("data_batch_1.bin"), 7, 1);
        CifarBinaryReader.RawImages images = CifarBinaryReader.readFile(dir.resolve("data_batch_1.bin"), 0);
        assertSameImages(bytes, images);
        assertEquals(Checksums.sha256(bytes), images.checksums().get("data_batch_1.bin"));
    }

    @Test
    void pixelsAreChannelMajorAsStored() throws Exception {
        byte[] b = new byte[3073];
        b[0] = 3;
        b[1] = (byte) 255;          // red plane, pixel (0,0)
        b[1 + 1024] = (byte) 128;   // green plane, pixel (0,0)
        b[1 + 2048 + 33] = 51;      // blue plane, pixel (1,1)
        Files.write(dir.resolve("x.bin"), b);
        CifarBinaryReader.RawImages r = CifarBinaryReader.readFile(dir.resolve("x.bin"), 0);
        assertEquals(1f, r.pixels()[0]);
        assertEquals(128 / 255f, r.pixels()[1024]);
        assertEquals(0.2f, r.pixels()[2048 + 33], 1e-7);
    }

    @Test
    void gzipFolderAndLimits() throws Exception {
        for (int i = 1; i <= 5; i++) {
            byte[] b = CifarFiles.bytes(4, i);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("data_batch_" + i + ".bin.gz")))) {
                out.write(b);
            }
        }
        CifarFiles.write(dir.resolve("test_batch.bin"), 6, 99);
        CifarBinaryReader.Split split = CifarBinaryReader.readSplit(dir, 10, 5);
        assertEquals(10, split.train().size());
        assertEquals(5, split.test().size());
        byte[] first = CifarFiles.bytes(4, 1);
        assertEquals((first[1] & 0xFF) / 255f, split.train().pixels()[0]);
        assertEquals(3, split.train().checksums().size()); // batches 1-3 were needed for 10 images
    }

    @Test
    void officialTarGzReadDirectly() throws Exception {
        Path tgz = dir.resolve("cifar-10-binary.tar.gz");
        byte[][] batches = new byte[6][];
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tgz)))) {
            for (int i = 0; i < 6; i++) {
                String name = i < 5 ? "data_batch_" + (i + 1) + ".bin" : "test_batch.bin";
                batches[i] = CifarFiles.bytes(3, i + 10);
                TarArchiveEntry e = new TarArchiveEntry("cifar-10-batches-bin/" + name);
                e.setSize(batches[i].length);
                tar.putArchiveEntry(e);
                tar.write(batches[i]);
                tar.closeArchiveEntry();
            }
        }
        CifarBinaryReader.Split split = CifarBinaryReader.readSplit(tgz, 0, 0);
        assertEquals(15, split.train().size());
        byte[] allTrain = new byte[0];
        for (int i = 0; i < 5; i++) {
            byte[] joined = Arrays.copyOf(allTrain, allTrain.length + batches[i].length);
            System.arraycopy(batches[i], 0, joined, allTrain.length, batches[i].length);
            allTrain = joined;
        }
        assertSameImages(allTrain, split.train());
        assertSameImages(batches[5], split.test());
        assertEquals(Checksums.sha256(tgz), split.test().checksums().get("cifar-10-binary.tar.gz"));
    }

    @Test
    void emptyFileSaysItIsEmpty() throws Exception {
        Path f = Files.createFile(dir.resolve("data_batch_1.bin"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> CifarBinaryReader.readFile(f, 0));
        assertEquals(f + ": is empty (0 bytes); expected the " + CifarBinaryReader.LAYOUT
                + ". Copy the file again or download the CIFAR-10 binary version.", e.getMessage());
    }

    @Test
    void fileTruncatedByOneByteNamesFileAndRecordSize() throws Exception {
        byte[] b = CifarFiles.bytes(3, 1);
        Path f = dir.resolve("data_batch_1.bin");
        Files.write(f, Arrays.copyOf(b, b.length - 1));
        DataFormatException e = assertThrows(DataFormatException.class, () -> CifarBinaryReader.readFile(f, 0));
        assertEquals(f + ": size 9218 bytes is not a multiple of the record size 3073; record 2 is incomplete (3072 of 3073"
                + " bytes). Expected the official CIFAR-10 binary layout: records of 3073 bytes = 1 label byte (0-9) + 3072"
                + " pixel bytes (R, G, B planes of 32x32, CHW). The file is truncated or not a CIFAR-10 binary batch.",
                e.getMessage());
    }

    @Test
    void labelAboveNineNamesRecord() throws Exception {
        byte[] b = CifarFiles.bytes(3, 1);
        b[2 * 3073] = 12;
        Path f = dir.resolve("test_batch.bin");
        Files.write(f, b);
        DataFormatException e = assertThrows(DataFormatException.class, () -> CifarBinaryReader.readFile(f, 0));
        assertEquals(f + ": record 2 (byte offset 6146) has label byte 12; expected 0-9 in the official CIFAR-10 binary"
                + " layout: records of 3073 bytes = 1 label byte (0-9) + 3072 pixel bytes (R, G, B planes of 32x32, CHW)",
                e.getMessage());
    }

    @Test
    void missingBatchesAreExplained() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> CifarBinaryReader.readSplit(dir, 0, 0));
        assertEquals(dir + ": no data_batch_N.bin files found; expected the files of the CIFAR-10 binary version"
                + " (see data/fetch-cifar10.sh)", e.getMessage());
    }

    @Test
    void sharedTestBatchHasTheKnownLabelCounts() {
        Path shared = Path.of(System.getProperty("robustlab.home", "../.."), "..", "shared", "data", "cifar10-exact", "test_batch.bin");
        assumeTrue(Files.exists(shared), "skipped: " + shared + " not present (only on development and CI machines)");
        CifarBinaryReader.RawImages test = CifarBinaryReader.readFile(shared, 0);
        int[] counts = new int[10];
        for (int l : test.labels()) {
            counts[l]++;
        }
        assertArrayEquals(new int[]{97, 78, 94, 95, 85, 84, 105, 96, 98, 100}, counts);
    }
}
