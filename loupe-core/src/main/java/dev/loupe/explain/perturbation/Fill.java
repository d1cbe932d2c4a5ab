package dev.loupe.explain.perturbation;

import dev.loupe.LoupeException;
import dev.loupe.tensor.ImageFilters;
import dev.loupe.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * What the occluder shows: for each input image, a replacement image whose values are copied into the occluded
 * window. All values are in the model's input units (normalized space for the MNIST models).
 */
public sealed interface Fill {

    /** The replacement images {@code [N, C, H, W]} for a batch {@code input [N, C, H, W]}. */
    Tensor replacement(Tensor input);

    /** A one-line description for provenance, in the syntax of {@link #parse}. */
    String describe();

    /** A constant value, such as 0 or a black pixel (Captum's scalar baseline). */
    record Constant(float value) implements Fill {
        @Override
        public Tensor replacement(Tensor input) {
            return Tensor.full(value, input.shape());
        }

        @Override
        public String describe() {
            return Float.toString(value);
        }
    }

    /**
     * A dataset mean: per channel {@code [C]} or a whole mean image {@code [C, H, W]}.
     *
     * @param mean the mean, in input units
     */
    record Mean(Tensor mean) implements Fill {
        public Mean {
            mean = mean.copy();
        }

        @Override
        public Tensor replacement(Tensor input) {
            int n = input.dim(0), c = input.dim(1), area = input.dim(2) * input.dim(3);
            Tensor out = Tensor.zeros(input.shape());
            float[] m = mean.data(), d = out.data();
            boolean perChannel = mean.size() == c;
            if (!perChannel && mean.size() != c * area) {
                throw new LoupeException("occlusion mean fill has " + mean.size() + " values; the images need " + c
                        + " (per channel) or " + c * area + " (a mean image)");
            }
            for (int i = 0; i < n; i++) {
                for (int ch = 0; ch < c; ch++) {
                    int off = (i * c + ch) * area;
                    if (perChannel) {
                        Arrays.fill(d, off, off + area, m[ch]);
                    } else {
                        System.arraycopy(m, ch * area, d, off, area);
                    }
                }
            }
            return out;
        }

        @Override
        public String describe() {
            return mean.size() <= 4 ? "mean:" + String.join(",", floats(mean)) : "mean-image";
        }

        private static java.util.List<String> floats(Tensor t) {
            java.util.List<String> s = new java.util.ArrayList<>();
            for (float v : t.data()) {
                s.add(Float.toString(v));
            }
            return s;
        }
    }

    /** The input itself blurred with a Gaussian of standard deviation {@code sigma} pixels. */
    record Blur(double sigma) implements Fill {
        public Blur {
            if (!(sigma > 0)) {
                throw new LoupeException("occlusion blur sigma must be positive, got " + sigma);
            }
        }

        @Override
        public Tensor replacement(Tensor input) {
            return ImageFilters.gaussianBlur(input, sigma);
        }

        @Override
        public String describe() {
            return "blur:" + sigma;
        }
    }

    /**
     * Gaussian noise N(mean, std²), drawn once per image from {@code seed} (image i uses seed + i), so the same call
     * always occludes with the same noise.
     */
    record Noise(long seed, double mean, double std) implements Fill {
        public Noise {
            if (!(std >= 0)) {
                throw new LoupeException("occlusion noise std must be non-negative, got " + std);
            }
        }

        @Override
        public Tensor replacement(Tensor input) {
            Tensor out = Tensor.zeros(input.shape());
            int n = input.dim(0), per = input.size() / Math.max(1, n);
            float[] d = out.data();
            for (int i = 0; i < n; i++) {
                Random r = new Random(seed + i);
                for (int j = 0; j < per; j++) {
                    d[i * per + j] = (float) (mean + std * r.nextGaussian());
                }
            }
            return out;
        }

        @Override
        public String describe() {
            return "noise:" + seed + ":" + mean + ":" + std;
        }
    }

    /**
     * Parses a fill: a number ({@code 0}, {@code -0.4242}), {@code mean:V[,V…]} (per-channel means),
     * {@code blur[:SIGMA]} (default σ = 2), or {@code noise[:SEED[:MEAN:STD]]} (default seed 0, N(0, 1)).
     */
    public static Fill parse(String text) {
        String t = text.trim();
        String[] p = t.split(":");
        try {
            switch (p[0]) {
                case "blur" -> {
                    return new Blur(p.length > 1 ? Double.parseDouble(p[1]) : 2.0);
                }
                case "noise" -> {
                    long seed = p.length > 1 ? Long.parseLong(p[1]) : 0;
                    return p.length > 3 ? new Noise(seed, Double.parseDouble(p[2]), Double.parseDouble(p[3]))
                            : new Noise(seed, 0, 1);
                }
                case "mean" -> {
                    if (p.length != 2) {
                        throw new NumberFormatException();
                    }
                    String[] v = p[1].split(",");
                    float[] m = new float[v.length];
                    for (int i = 0; i < v.length; i++) {
                        m[i] = Float.parseFloat(v[i]);
                    }
                    return new Mean(Tensor.wrap(m, m.length));
                }
                default -> {
                    return new Constant(Float.parseFloat(t));
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new LoupeException("cannot read occlusion fill '" + text
                    + "': use a number, mean:V[,V...], blur[:SIGMA] or noise[:SEED[:MEAN:STD]]");
        }
    }
}
