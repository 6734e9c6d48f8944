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
}
