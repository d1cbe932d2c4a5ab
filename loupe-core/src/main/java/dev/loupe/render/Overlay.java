package dev.loupe.render;

import dev.loupe.LoupeException;
import dev.loupe.data.Normalization;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * A heatmap laid over the input it explains: {@code out = (1 - alpha) input + alpha heatmap} per RGB channel, with
 * one alpha everywhere or one that grows with the value's magnitude ({@link Opacity}). A grey input is shown in
 * grey. A map coarser than the input (Grad-CAM's 7 × 7) is resampled bilinearly to the input size before it is
 * coloured, so colours stay on the colormap.
 */
public final class Overlay {
    private Overlay() {
    }

    /**
     * Image {@code image} of {@code input} ({@code [N, C, H, W]} or {@code [C, H, W]}, C = 1 or 3) with image
     * {@code image} of {@code map} (any shape {@link Heatmap} accepts; its plane may be smaller than H × W) drawn over
     * it in {@code style} with opacity {@code alpha} in [0, 1]. The model's input standardisation
     * {@code inputNormalization} is undone first ({@link Normalization#invert}) so the input shows as a picture in
     * [0, 1]. The colour range is computed from the map at its own resolution. Returns a W × H RGB image.
     */
    public static BufferedImage render(Tensor input, Tensor map, int image, HeatmapStyle style, double alpha,
                                       Normalization inputNormalization) {
        return render(input, map, image, style, alpha, Opacity.UNIFORM, inputNormalization);
    }

    /** As {@link #render(Tensor, Tensor, int, HeatmapStyle, double, Normalization)} for an input already in [0, 1]. */
    public static BufferedImage render(Tensor input, Tensor map, int image, HeatmapStyle style, double alpha) {
        return render(input, map, image, style, alpha, Opacity.UNIFORM, null);
    }

    /**
     * As {@link #render(Tensor, Tensor, int, HeatmapStyle, double, Normalization)}, with per-pixel opacity;
     * {@code inputNormalization} may be null for an input already in [0, 1].
     */
    public static BufferedImage render(Tensor input, Tensor map, int image, HeatmapStyle style, double alpha,
                                       Opacity opacity, Normalization inputNormalization) {
        checkAlpha(alpha);
        Tensor picture = picture(input, image, inputNormalization);
        Tensor plane = Heatmap.plane(map, map.rank() == 4 ? image : 0, style.reduction());
        ValueRange range = Heatmap.range(plane, style);
        int h = picture.dim(2);
        int w = picture.dim(3);
        if (plane.dim(0) != h || plane.dim(1) != w) {
            plane = Upscale.bilinear(plane, h, w);
        }
        double[] alphas = new double[h * w];
        float[] v = plane.data();
        boolean diverging = style.colormap().diverging();
        for (int i = 0; i < alphas.length; i++) {
            double t = Math.min(1, Math.max(0, range.position(v[i])));
            double weight = opacity == Opacity.UNIFORM ? 1 : diverging ? Math.abs(2 * t - 1) : t;
            alphas[i] = Double.isNaN(weight) ? 0 : alpha * weight;
        }
        return blend(ImageConversion.toImage(picture), Heatmap.colorize(plane, style.colormap(), range), alphas);
    }

    /** {@code (1 - alpha) base + alpha top} per RGB channel, rounded; both images W × H. Returns an RGB image. */
    public static BufferedImage blend(BufferedImage base, BufferedImage top, double alpha) {
        checkAlpha(alpha);
        double[] alphas = new double[base.getWidth() * base.getHeight()];
        Arrays.fill(alphas, alpha);
        return blend(base, top, alphas);
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new LoupeException("overlay alpha must be in [0, 1], got " + alpha);
        }
    }

    /** Blends with one alpha per pixel, row by row. */
    private static BufferedImage blend(BufferedImage base, BufferedImage top, double[] alphas) {
        int w = base.getWidth();
        int h = base.getHeight();
        if (top.getWidth() != w || top.getHeight() != h) {
            throw new LoupeException("overlay needs equally sized images, got " + w + " × " + h + " and "
                    + top.getWidth() + " × " + top.getHeight());
        }
        int[] a = ImageConversion.toRgb(base).getRGB(0, 0, w, h, null, 0, w);
        int[] b = ImageConversion.toRgb(top).getRGB(0, 0, w, h, null, 0, w);
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            double alpha = alphas[i];
            int rgb = 0;
            for (int shift = 16; shift >= 0; shift -= 8) {
                double mixed = (1 - alpha) * ((a[i] >> shift) & 0xFF) + alpha * ((b[i] >> shift) & 0xFF);
                rgb |= (int) Math.round(mixed) << shift;
            }
            out[i] = rgb;
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, out, 0, w);
        return img;
    }

    /** Image {@code image} of {@code input} as {@code [1, C, H, W]}, with the standardisation undone. */
    private static Tensor picture(Tensor input, int image, Normalization inputNormalization) {
        Tensor one;
        if (input.rank() == 3) {
            if (image != 0) {
                throw new LoupeException(
                        "image " + image + " out of range for an input of shape " + input.shapeString());
            }
            one = input.reshape(1, input.dim(0), input.dim(1), input.dim(2));
        } else if (input.rank() == 4) {
            if (image < 0 || image >= input.dim(0)) {
                throw new LoupeException(
                        "image " + image + " out of range for an input of shape " + input.shapeString());
            }
            one = input.item(image);
        } else {
            throw new LoupeException("an overlay input needs shape [N, C, H, W] or [C, H, W], got "
                    + input.shapeString());
        }
        if (inputNormalization == null) {
            return one;
        }
        if (inputNormalization.channels() != one.dim(1)) {
            throw new LoupeException("input normalisation has " + inputNormalization.channels()
                    + " channel(s) but the overlay input has shape " + input.shapeString());
        }
        return inputNormalization.invert(one);
    }
}
