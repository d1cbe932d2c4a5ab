package dev.loupe.render;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Resizing for display: crisp nearest-neighbour for images (a 28 × 28 digit shown as 224 × 224 keeps its pixels
 * square) and bilinear for the values of coarse maps (a 7 × 7 Grad-CAM map brought to the input size).
 */
public final class Upscale {
    private Upscale() {
    }

    /** {@code image} with every pixel repeated as a {@code factor} × {@code factor} block; same image type. */
    public static BufferedImage nearest(BufferedImage image, int factor) {
        if (factor < 1) {
            throw new LoupeException("upscale factor must be at least 1, got " + factor);
        }
        return nearest(image, image.getWidth() * factor, image.getHeight() * factor);
    }

    /**
     * {@code image} resized to {@code width} × {@code height} by nearest neighbour: output pixel {@code (x, y)} copies
     * source pixel {@code (floor(x W / width), floor(y H / height))}. Pixel values are copied exactly, in the source's
     * own image type.
     */
    public static BufferedImage nearest(BufferedImage image, int width, int height) {
        if (width < 1 || height < 1) {
            throw new LoupeException("upscale target must be at least 1 × 1, got " + width + " × " + height);
        }
        ColorModel cm = image.getColorModel();
        WritableRaster dst = cm.createCompatibleWritableRaster(width, height);
        Raster src = image.getRaster();
        int sw = image.getWidth();
        int sh = image.getHeight();
        Object px = null;
        for (int y = 0; y < height; y++) {
            int sy = (int) ((long) y * sh / height);
            for (int x = 0; x < width; x++) {
                px = src.getDataElements((int) ((long) x * sw / width), sy, px);
                dst.setDataElements(x, y, px);
            }
        }
        return new BufferedImage(cm, dst, cm.isAlphaPremultiplied(), null);
    }

    /**
     * Bilinear resampling of the last two axes of {@code map} ({@code [..., H, W]} to {@code [..., height, width]})
     * with half-pixel centres: output pixel {@code x} samples source position {@code (x + 0.5) W / width - 0.5},
     * clamped to the edge. This is PyTorch's {@code interpolate(mode="bilinear", align_corners=False)}, which
     * pytorch-grad-cam uses to bring CAMs to the input size.
     */
    public static Tensor bilinear(Tensor map, int height, int width) {
        if (map.rank() < 2) {
            throw new LoupeException("bilinear upscaling needs a map [..., H, W], got " + map.shapeString());
        }
        if (height < 1 || width < 1) {
            throw new LoupeException("upscale target must be at least 1 × 1, got " + width + " × " + height);
        }
        int sh = map.dim(-2);
        int sw = map.dim(-1);
        if (sh == 0 || sw == 0) {
            throw new LoupeException("cannot upscale an empty map of shape " + map.shapeString());
        }
        int[] shape = map.shape();
        int planes = map.size() / (sh * sw);
        shape[shape.length - 2] = height;
        shape[shape.length - 1] = width;
        float[] src = map.data();
        float[] out = new float[planes * height * width];
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        float[] wx = new float[width];
        axis(sw, width, x0, x1, wx);
        int[] y0 = new int[height];
        int[] y1 = new int[height];
        float[] wy = new float[height];
        axis(sh, height, y0, y1, wy);
        for (int p = 0; p < planes; p++) {
            int s = p * sh * sw;
            int o = p * height * width;
            for (int y = 0; y < height; y++) {
                int r0 = s + y0[y] * sw;
                int r1 = s + y1[y] * sw;
                for (int x = 0; x < width; x++) {
                    float top = src[r0 + x0[x]] + wx[x] * (src[r0 + x1[x]] - src[r0 + x0[x]]);
                    float bottom = src[r1 + x0[x]] + wx[x] * (src[r1 + x1[x]] - src[r1 + x0[x]]);
                    out[o + y * width + x] = top + wy[y] * (bottom - top);
                }
            }
        }
        return Tensor.wrap(out, shape);
    }

    /** For each output index along one axis: the two source indices and the weight of the second. */
    private static void axis(int in, int outSize, int[] lo, int[] hi, float[] weight) {
        double scale = (double) in / outSize;
        for (int i = 0; i < outSize; i++) {
            double pos = Math.max(0, (i + 0.5) * scale - 0.5);
            int a = Math.min((int) Math.floor(pos), in - 1);
            lo[i] = a;
            hi[i] = Math.min(a + 1, in - 1);
            weight[i] = (float) (pos - a);
        }
    }
}
