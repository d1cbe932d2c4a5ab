package dev.loupe.render;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Converts between image tensors with values in [0, 1] and {@link BufferedImage}s.
 *
 * <p>A tensor image is {@code [1, H, W]} (grey) or {@code [3, H, W]} (RGB), or the same with a leading batch axis
 * of 1. Values are quantised to 8 bits as {@code round(255 v)} after clamping to [0, 1], so a tensor whose values
 * are multiples of 1/255 survives a round trip exactly. Grey images are read from their raster samples, not through
 * {@code getRGB}, because Java treats {@code TYPE_BYTE_GRAY} as linear grey and would gamma-shift the values.
 */
public final class ImageConversion {
    private ImageConversion() {
    }

    /**
     * A tensor image {@code [1, H, W]}, {@code [3, H, W]}, {@code [1, 1, H, W]} or {@code [1, 3, H, W]} as a W × H
     * image: {@link BufferedImage#TYPE_BYTE_GRAY} for one channel, {@link BufferedImage#TYPE_INT_RGB} for three.
     */
    public static BufferedImage toImage(Tensor image) {
        Tensor chw = image.rank() == 4 && image.dim(0) == 1 ? image.reshape(image.dim(1), image.dim(2), image.dim(3))
                : image;
        if (chw.rank() != 3 || (chw.dim(0) != 1 && chw.dim(0) != 3) || chw.dim(1) == 0 || chw.dim(2) == 0) {
            throw new LoupeException("an image tensor needs shape [1, H, W] or [3, H, W], got " + image.shapeString());
        }
        int h = chw.dim(1);
        int w = chw.dim(2);
        int hw = h * w;
        float[] v = chw.data();
        if (chw.dim(0) == 1) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster r = img.getRaster();
            int[] px = new int[hw];
            for (int i = 0; i < hw; i++) {
                px[i] = level(v[i]);
            }
            r.setSamples(0, 0, w, h, 0, px);
            return img;
        }
        int[] rgb = new int[hw];
        for (int i = 0; i < hw; i++) {
            rgb[i] = (level(v[i]) << 16) | (level(v[hw + i]) << 8) | level(v[2 * hw + i]);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, rgb, 0, w);
        return img;
    }

    /** An image as a tensor with values in [0, 1]: {@code [1, H, W]} if it is grey, {@code [3, H, W]} otherwise. */
    public static Tensor toTensor(BufferedImage image) {
        return toTensor(image, isGrey(image) ? 1 : 3);
    }

    /**
     * An image as a tensor {@code [channels, H, W]} with values in [0, 1]. Asking for one channel from a colour image
     * gives its luma {@code 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601, as PIL's "L" mode); asking for three from a
     * grey image repeats the grey value. Alpha is ignored.
     */
    public static Tensor toTensor(BufferedImage image, int channels) {
        if (channels != 1 && channels != 3) {
            throw new LoupeException("an image tensor has 1 or 3 channels, not " + channels);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int hw = w * h;
        float[] out = new float[channels * hw];
        if (isGrey(image)) {
            Raster r = image.getRaster();
            double max = (1 << image.getColorModel().getComponentSize(0)) - 1;
            int[] px = r.getSamples(0, 0, w, h, 0, (int[]) null);
            for (int i = 0; i < hw; i++) {
                float g = (float) (px[i] / max);
                for (int c = 0; c < channels; c++) {
                    out[c * hw + i] = g;
                }
            }
        } else {
            int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < hw; i++) {
                int p = rgb[i];
                float r = ((p >> 16) & 0xFF) / 255f;
                float g = ((p >> 8) & 0xFF) / 255f;
                float b = (p & 0xFF) / 255f;
                if (channels == 1) {
                    out[i] = (float) (0.299 * r + 0.587 * g + 0.114 * b);
                } else {
                    out[i] = r;
                    out[hw + i] = g;
                    out[2 * hw + i] = b;
                }
            }
        }
        return Tensor.wrap(out, channels, h, w);
    }

    /**
     * A copy of {@code image} as {@link BufferedImage#TYPE_INT_RGB}; grey raster values are repeated into R, G and B
     * unchanged (no gamma shift). Use it before drawing grey inputs into colour figures.
     */
    public static BufferedImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb;
        if (isGrey(image)) {
            Tensor t = toTensor(image, 1);
            float[] v = t.data();
            rgb = new int[w * h];
            for (int i = 0; i < rgb.length; i++) {
                int g = level(v[i]);
                rgb[i] = (g << 16) | (g << 8) | g;
            }
        } else {
            rgb = image.getRGB(0, 0, w, h, null, 0, w);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    /** True for single-band grey images (8 or 16 bits), read through their raster. */
    static boolean isGrey(BufferedImage image) {
        return image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getRaster().getNumBands() == 1;
    }

    private static int level(float v) {
        if (!(v > 0)) {
            return 0;
        }
        return v >= 1 ? 255 : Math.round(v * 255);
    }
}
