package dev.loupe.data;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads a labelled image dataset from a directory tree with one sub-directory per class:
 * <pre>
 * root/
 *   cat/  a.png b.jpg ...
 *   dog/  c.png ...
 * </pre>
 * Class names are the sub-directory names in sorted order, so label 0 is the first name. Images (PNG, JPEG, BMP or
 * GIF, whatever {@link ImageIO} reads) are converted to grey or RGB as asked and resized to the requested size with
 * {@link Resize} (area averaging when shrinking, bilinear when enlarging). The result is a {@link Dataset} of
 * [N, C, H, W] floats in [0, 1], in class order and then file-name order.
 *
 * <p>Grey is the ITU-R BT.601 luma {@code 0.299 R + 0.587 G + 0.114 B}. A grey source image is read from its raster
 * directly, not through a colour-space conversion, so its stored values are kept exactly. Alpha is ignored.
 */
public final class ImageFolder {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    /**
     * How to read the images.
     *
     * @param channels 1 for grey or 3 for RGB
     * @param height   output image height in pixels
     * @param width    output image width in pixels
     */
    public record Options(int channels, int height, int width) {
        /** 28 x 28 grey, the size of the MNIST family. */
        public static final Options MNIST_LIKE = new Options(1, 28, 28);

        /** Validates the channel count and the size. */
        public Options {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 (grey) or 3 (RGB), got " + channels);
            }
            if (height < 1 || width < 1 || height > 4096 || width > 4096) {
                throw new IllegalArgumentException("image size must be 1..4096 on each side, got "
                        + height + " x " + width);
            }
        }
    }

    private ImageFolder() {
    }

    /** True when {@code dir} is a directory with at least one sub-directory (a plausible image folder). */
    public static boolean looksLikeImageFolder(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(Files::isDirectory);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads every image under {@code root}.
     *
     * @throws LoupeException when the directory is missing or has no classes or images, or a file cannot be decoded
     */
    public static Dataset read(Path root, Options options) {
        if (!Files.isDirectory(root)) {
            throw new LoupeException(root + ": not a directory of class folders");
        }
        List<Path> classDirs = list(root).stream().filter(Files::isDirectory)
                .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        if (classDirs.isEmpty()) {
            throw new LoupeException(root + ": no class folders (expected one sub-folder of images per class)");
        }
        List<String> classNames = classDirs.stream().map(p -> p.getFileName().toString()).toList();
        int plane = options.height() * options.width();
        int stride = options.channels() * plane;
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int label = 0; label < classDirs.size(); label++) {
            for (Path file : imageFiles(classDirs.get(label))) {
                images.add(readImage(file, options));
                labels.add(label);
            }
        }
        if (images.isEmpty()) {
            throw new LoupeException(root + ": no images found in " + classDirs.size() + " class folders (looked for "
                    + String.join(", ", EXTENSIONS) + ")");
        }
        float[] data = new float[images.size() * stride];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, data, i * stride, stride);
        }
        int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
        Tensor tensor = Tensor.wrap(data, images.size(), options.channels(), options.height(), options.width());
        return new Dataset(tensor, labelArray, classNames, root.getFileName() == null ? root.toString()
                : root.getFileName().toString());
    }

    /**
     * Reads one image file as [C, H, W] floats in [0, 1], converted and resized as {@code options} say.
     *
     * @throws LoupeException naming the file when it cannot be read or decoded
     */
    public static float[] readImage(Path file, Options options) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new LoupeException(file + ": cannot decode image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new LoupeException(file + ": not a readable image (supported: PNG, JPEG, BMP, GIF)");
        }
        int h = image.getHeight();
        int w = image.getWidth();
        float[][] source = channels(image, options.channels());
        float[] out = new float[options.channels() * options.height() * options.width()];
        int plane = options.height() * options.width();
        for (int c = 0; c < options.channels(); c++) {
            float[] resized = Resize.plane(source[c], h, w, options.height(), options.width());
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = Math.max(0f, Math.min(1f, resized[i]));
            }
        }
        return out;
    }

    /** The image's planes, [channels][h * w] in [0, 1]. */
    private static float[][] channels(BufferedImage image, int channels) {
        int h = image.getHeight();
        int w = image.getWidth();
        Raster raster = image.getRaster();
        boolean grey = raster.getNumBands() == 1 && !(image.getColorModel() instanceof IndexColorModel);
        if (grey) {
            int bits = image.getColorModel().getComponentSize(0);
            float max = (float) ((1L << bits) - 1);
            float[] g = new float[h * w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    g[y * w + x] = raster.getSample(x, y, 0) / max;
                }
            }
            return channels == 1 ? new float[][] {g} : new float[][] {g, g.clone(), g.clone()};
        }
        float[][] rgb = new float[3][h * w];
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            rgb[0][i] = ((argb[i] >> 16) & 0xff) / 255f;
            rgb[1][i] = ((argb[i] >> 8) & 0xff) / 255f;
            rgb[2][i] = (argb[i] & 0xff) / 255f;
        }
        if (channels == 3) {
            return rgb;
        }
        float[] g = new float[h * w];
        for (int i = 0; i < g.length; i++) {
            g[i] = 0.299f * rgb[0][i] + 0.587f * rgb[1][i] + 0.114f * rgb[2][i];
        }
        return new float[][] {g};
    }

    private static List<Path> imageFiles(Path dir) {
        return list(dir).stream().filter(Files::isRegularFile).filter(p -> {
            String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
            return !n.startsWith(".") && EXTENSIONS.stream().anyMatch(n::endsWith);
        }).sorted().toList();
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new LoupeException(dir + ": cannot list directory: " + e.getMessage(), e);
        }
    }
}
