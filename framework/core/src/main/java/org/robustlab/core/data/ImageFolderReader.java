package org.robustlab.core.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads {@code <split>/<class>/*.png|jpg} from a folder or a {@code .zip}. Classes are the
 * sorted sub-folder names (for CIFAR-10 this is the official label order). With a limit, images
 * are taken round-robin over classes in file-name order, so a subset stays class-balanced and
 * deterministic. Pixels become CHW floats in [0, 1].
 */
public final class ImageFolderReader {
    private ImageFolderReader() {
    }

    /** Images of one split and the class names found. */
    public record Folder(CifarBinaryReader.RawImages images, List<String> classes, int height, int width) {
    }

    /** Reads split {@code split} (e.g. {@code train}) of the folder or zip at {@code source}. */
    public static Folder read(Path source, String split, int limit) {
        if (!Files.exists(source)) {
            throw new DataFormatException(source + ": no such folder or zip");
        }
        String sha = Files.isDirectory(source) ? "folder" : Checksums.sha256(source);
        if (Files.isDirectory(source)) {
            return readRoot(source, source.resolve(split), split, limit, sha);
        }
        try (FileSystem zip = FileSystems.newFileSystem(source)) {
            return readRoot(source, zip.getPath("/" + split), split, limit, sha);
        } catch (IOException e) {
            throw new DataFormatException(source + ": not a readable zip (" + e.getMessage() + ")");
        }
    }

    private static Folder readRoot(Path source, Path splitDir, String split, int limit, String sha) {
        if (!Files.isDirectory(splitDir)) {
            throw new DataFormatException(source + ": no '" + split + "/' folder; expected <split>/<class>/*.png|jpg");
        }
        try {
            List<Path> classDirs;
            try (Stream<Path> s = Files.list(splitDir)) {
                classDirs = s.filter(Files::isDirectory).sorted(Comparator.comparing(p -> name(p))).toList();
            }
            List<String> classes = classDirs.stream().map(ImageFolderReader::name).toList();
            List<List<Path>> perClass = new ArrayList<>();
            for (Path dir : classDirs) {
                try (Stream<Path> s = Files.list(dir)) {
                    perClass.add(s.filter(ImageFolderReader::isImage).sorted(Comparator.comparing(p -> name(p))).toList());
                }
            }
            LabelledImages images = null;
            int h = 0;
            int w = 0;
            for (int i = 0; ; i++) {
                boolean any = false;
                for (int c = 0; c < perClass.size(); c++) {
                    if (i >= perClass.get(c).size()) {
                        continue;
                    }
                    any = true;
                    if (limit > 0 && images != null && images.size() >= limit) {
                        break;
                    }
                    Path file = perClass.get(c).get(i);
                    BufferedImage img;
                    try {
                        img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file)));
                    } catch (IOException | RuntimeException e) {
                        throw new DataFormatException(source + ": " + file + " is a corrupt image (" + e.getMessage()
                                + "); replace or remove it");
                    }
                    if (img == null) {
                        throw new DataFormatException(source + ": " + file + " is not a readable PNG/JPEG image");
                    }
                    if (images == null) {
                        h = img.getHeight();
                        w = img.getWidth();
                        images = new LabelledImages(3 * h * w);
                    } else if (img.getHeight() != h || img.getWidth() != w) {
                        throw new DataFormatException(source + ": " + file + " is " + img.getWidth() + "x" + img.getHeight()
                                + " but the first image was " + w + "x" + h + "; all images must have one size");
                    }
                    images.addBytes(chw(img), 0, c);
                }
                if (!any || (limit > 0 && images != null && images.size() >= limit)) {
                    break;
                }
            }
            if (images == null) {
                throw new DataFormatException(source + ": no images under " + split + "/<class>/");
            }
            return new Folder(new CifarBinaryReader.RawImages(images.pixels(), images.labels(),
                    Map.of(name(source), sha)), classes, h, w);
        } catch (IOException e) {
            throw new DataFormatException(source + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * RGB planes of an image as bytes in channel-major order. Gray and 8/16-bit RGB images are read from
     * their stored samples (scaled to 0–255 by their bit depth): {@code getRGB} would convert a gray image's
     * linear gray space to sRGB (stored 61 came back as 134). A gray image fills all three planes; alpha is
     * ignored. Palette and other colour spaces go through {@code getRGB}, whose palette values are sRGB.
     */
    static byte[] chw(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        byte[] out = new byte[3 * h * w];
        java.awt.image.ColorModel cm = img.getColorModel();
        int space = cm.getColorSpace().getType();
        boolean stored = !(cm instanceof java.awt.image.IndexColorModel)
                && (space == java.awt.color.ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1
                    || cm.getColorSpace().isCS_sRGB() && cm.getNumColorComponents() == 3);
        if (stored) {
            java.awt.image.Raster r = img.getRaster();
            int colours = cm.getNumColorComponents();
            for (int band = 0; band < 3; band++) {
                int src = colours == 1 ? 0 : band;
                double scale = 255.0 / ((1L << r.getSampleModel().getSampleSize(src)) - 1);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        out[band * h * w + y * w + x] = (byte) Math.round(r.getSample(x, y, src) * scale);
                    }
                }
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int i = y * w + x;
                out[i] = (byte) (rgb >> 16);
                out[h * w + i] = (byte) (rgb >> 8);
                out[2 * h * w + i] = (byte) rgb;
            }
        }
        return out;
    }

    private static boolean isImage(Path p) {
        String n = name(p).toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    private static String name(Path p) {
        Path f = p.getFileName();
        return f == null ? p.toString() : f.toString().replace("/", "");
    }
}
