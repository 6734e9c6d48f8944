package org.robustlab.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
    @TempDir
    Path dir;

    /** A 2x2 PNG whose red channel encodes (class, index) so order can be checked. */
    private static byte[] png(int cls, int index) throws Exception {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                img.setRGB(x, y, ((cls * 10 + index) << 16) | (x * 100 << 8) | (y * 200));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void folderIsReadRoundRobinInChwOrder() throws Exception {
        for (String split : List.of("train", "test")) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 2; i++) {
                    Path f = dir.resolve(split + "/class" + c + "/" + String.format("%04d.png", i));
                    Files.createDirectories(f.getParent());
                    Files.write(f, png(c, i));
                }
            }
        }
        ImageFolderReader.Folder train = ImageFolderReader.read(dir, "train", 4);
        assertEquals(List.of("class0", "class1", "class2"), train.classes());
        assertEquals(4, train.images().size());
        assertEquals(List.of(0, 1, 2, 0), java.util.Arrays.stream(train.images().labels()).boxed().toList());
        float[] p = train.images().pixels();
        assertEquals(10 / 255f, p[12 * 1 + 0], 1e-7);          // image 1 = class 1 index 0: red = 10
        assertEquals(100 / 255f, p[12 * 3 + 4 + 1], 1e-7);     // image 3 green plane, pixel (x=1, y=0)
        assertEquals(200 / 255f, p[12 * 3 + 8 + 2], 1e-7);     // blue plane, pixel (x=0, y=1)
    }

    @Test
    void zipGivesTheSameImagesAsTheFolder() throws Exception {
        Path zip = dir.resolve("images.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < 3; i++) {
                    z.putNextEntry(new ZipEntry("test/c" + c + "/" + i + ".png"));
                    z.write(png(c, i));
                    z.closeEntry();
                }
            }
        }
        ImageFolderReader.Folder test = ImageFolderReader.read(zip, "test", 0);
        assertEquals(6, test.images().size());
        assertEquals(List.of("c0", "c1"), test.classes());
        assertEquals((1 * 10 + 2) / 255f, test.images().pixels()[12 * 5], 1e-7);
    }

    @Test
    void missingSplitIsExplained() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolderReader.read(dir, "train", 0));
        assertEquals(dir + ": no 'train/' folder; expected <split>/<class>/*.png|jpg", e.getMessage());
    }

    private static byte[] encode(BufferedImage img, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(true, ImageIO.write(img, format, out), "a writer for " + format);
        return out.toByteArray();
    }

    /** Pixel (0, 0) of the only training image, as 0–255 values of the R, G and B planes. */
    private float[] firstPixel(byte[] image, String ext) throws Exception {
        Path root = dir.resolve(ext + "-" + System.nanoTime());
        Path f = root.resolve("train/c/0." + ext);
        Files.createDirectories(f.getParent());
        Files.write(f, image);
        ImageFolderReader.Folder d = ImageFolderReader.read(root, "train", 0);
        float[] p = d.images().pixels();
        int plane = d.height() * d.width();
        return new float[]{p[0] * 255, p[plane] * 255, p[2 * plane] * 255};
    }

    private static void assertPixel(float r, float g, float b, float[] actual, double tol, String what) {
        assertEquals(r, actual[0], tol, what + " red");
        assertEquals(g, actual[1], tol, what + " green");
        assertEquals(b, actual[2], tol, what + " blue");
    }

    @Test
    void grayPaletteSixteenBitAndAlphaImagesDecodeToTheirStoredValues() throws Exception {
        BufferedImage gray = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 61);
        assertPixel(61, 61, 61, firstPixel(encode(gray, "png"), "png"), 1e-4, "8-bit gray PNG (not 134)");

        BufferedImage flatGray = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                flatGray.getRaster().setSample(x, y, 0, 61);
            }
        }
        assertPixel(61, 61, 61, firstPixel(encode(flatGray, "jpg"), "jpg"), 1.01, "gray JPEG");

        BufferedImage gray16 = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(0, 0, 0, 61 * 257);
        assertPixel(61, 61, 61, firstPixel(encode(gray16, "png"), "png"), 1e-4, "16-bit gray PNG");

        java.awt.color.ColorSpace srgb = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB);
        java.awt.image.ComponentColorModel cm16 = new java.awt.image.ComponentColorModel(srgb, new int[]{16, 16, 16}, false,
                false, java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_USHORT);
        BufferedImage rgb16 = new BufferedImage(cm16, cm16.createCompatibleWritableRaster(8, 8), false, null);
        rgb16.getRaster().setPixel(0, 0, new int[]{10 * 257, 20 * 257, 250 * 257});
        assertPixel(10, 20, 250, firstPixel(encode(rgb16, "png"), "png"), 1e-4, "16-bit RGB PNG");

        byte[] reds = {0, 10};
        byte[] greens = {0, 20};
        byte[] blues = {0, 30};
        java.awt.image.IndexColorModel palette = new java.awt.image.IndexColorModel(1, 2, reds, greens, blues);
        BufferedImage indexed = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_BINARY, palette);
        indexed.getRaster().setSample(0, 0, 0, 1);
        assertPixel(10, 20, 30, firstPixel(encode(indexed, "png"), "png"), 1e-4, "palette PNG");

        BufferedImage alpha = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
        alpha.setRGB(0, 0, (128 << 24) | (10 << 16) | (20 << 8) | 30);
        assertPixel(10, 20, 30, firstPixel(encode(alpha, "png"), "png"), 1e-4, "RGBA PNG (alpha ignored)");
    }

    @Test
    void aCorruptImageInsideAZipIsNamedByItsEntryPath() throws Exception {
        Path zip = dir.resolve("broken.zip");
        byte[] good = png(0, 0);
        byte[] corrupt = java.util.Arrays.copyOf(good, good.length / 2);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("train/cat/0001.png"));
            z.write(good);
            z.putNextEntry(new ZipEntry("train/cat/0002.png"));
            z.write(corrupt);
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolderReader.read(zip, "train", 0));
        assertEquals(true, e.getMessage().startsWith(zip + ": /train/cat/0002.png is "), e.getMessage());
    }
}
