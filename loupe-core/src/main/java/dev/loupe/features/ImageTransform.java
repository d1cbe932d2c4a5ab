package dev.loupe.features;

import dev.loupe.tensor.Tensor;

/**
 * A geometric change of whole images, by inverse mapping with bilinear sampling: each output pixel reads the input
 * at the transformed position, interpolating its four neighbours; neighbours outside the image take the fill value
 * (the background). Rotation and scaling act about the image centre {@code ((H − 1)/2, (W − 1)/2)}.
 */
public sealed interface ImageTransform {

    /** Moves the content {@code dy} pixels down and {@code dx} pixels right. */
    record Translation(double dy, double dx) implements ImageTransform {
        @Override
        public double[] source(double y, double x, double cy, double cx) {
            return new double[] {y - dy, x - dx};
        }
    }

    /** Rotates the content {@code degrees} counter-clockwise as displayed (row 0 at the top). */
    record Rotation(double degrees) implements ImageTransform {
        @Override
        public double[] source(double y, double x, double cy, double cx) {
            double t = Math.toRadians(degrees), cos = Math.cos(t), sin = Math.sin(t);
            double u = x - cx, v = cy - y; // v points up
            double su = u * cos + v * sin, sv = -u * sin + v * cos;
            return new double[] {cy - sv, cx + su};
        }
    }

    /** Scales the content by {@code factor} (above 1 enlarges). */
    record Scaling(double factor) implements ImageTransform {
        public Scaling {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new dev.loupe.LoupeException("scale factor must be positive and finite, got " + factor);
            }
        }

        @Override
        public double[] source(double y, double x, double cy, double cx) {
            return new double[] {cy + (y - cy) / factor, cx + (x - cx) / factor};
        }
    }

    /** The input position {@code (row, column)} that output pixel {@code (y, x)} reads; the centre is (cy, cx). */
    double[] source(double y, double x, double cy, double cx);

    /** The transformed images, {@code [N, C, H, W]} in and out; the input is not modified. */
    default Tensor apply(Tensor images, float fill) {
        int n = images.dim(0), c = images.dim(1), h = images.dim(2), w = images.dim(3);
        Tensor out = Tensor.zeros(images.shape());
        float[] src = images.data(), dst = out.data();
        double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] s = source(y, x, cy, cx);
                // snap positions within rounding noise of a pixel centre, so exact shifts and quarter turns are exact
                double sy = snap(s[0]), sx = snap(s[1]);
                int y0 = (int) Math.floor(sy), x0 = (int) Math.floor(sx);
                double fy = sy - y0, fx = sx - x0;
                for (int plane = 0; plane < n * c; plane++) {
                    int base = plane * h * w;
                    double v = (1 - fy) * ((1 - fx) * at(src, base, y0, x0, h, w, fill)
                            + fx * at(src, base, y0, x0 + 1, h, w, fill))
                            + fy * ((1 - fx) * at(src, base, y0 + 1, x0, h, w, fill)
                            + fx * at(src, base, y0 + 1, x0 + 1, h, w, fill));
                    dst[base + y * w + x] = (float) v;
                }
            }
        }
        return out;
    }

    private static double snap(double v) {
        double r = Math.rint(v);
        return Math.abs(v - r) < 1e-9 ? r : v;
    }

    private static float at(float[] src, int base, int y, int x, int h, int w, float fill) {
        return y < 0 || y >= h || x < 0 || x >= w ? fill : src[base + y * w + x];
    }
}
