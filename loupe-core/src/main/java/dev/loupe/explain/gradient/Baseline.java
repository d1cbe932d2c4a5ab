package dev.loupe.explain.gradient;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.util.Arrays;

/**
 * The reference input that a path method starts from. {@link #of} turns it into a batch shaped like the input
 * {@code [N, C, H, W]}.
 */
public sealed interface Baseline {
    /** Every pixel set to {@code value} (0 is Captum's default, in the model's normalised input space). */
    record Constant(float value) implements Baseline {
        @Override
        public Tensor of(Tensor input) {
            return Tensor.full(value, input.shape());
        }

        @Override
        public String describe() {
            return value == 0f ? "zero" : Float.toString(value);
        }
    }

    /**
     * A given image: the data set's mean image or any user image, {@code [C, H, W]} or {@code [1, C, H, W]} (used for
     * every image of the batch) or {@code [N, C, H, W]} (one per image).
     */
    record Image(Tensor image) implements Baseline {
        @Override
        public Tensor of(Tensor input) {
            int[] in = input.shape();
            int per = input.size() / in[0];
            int[] s = image.shape();
            if (image.size() == per && (s.length == in.length - 1 || s.length == in.length && s[0] == 1)) {
                Tensor out = Tensor.zeros(in);
                for (int i = 0; i < in[0]; i++) {
                    System.arraycopy(image.data(), 0, out.data(), i * per, per);
                }
                return out;
            }
            if (Arrays.equals(s, in)) {
                return image.copy();
            }
            throw new LoupeException("baseline image of shape " + image.shapeString() + " does not fit the input "
                    + input.shapeString());
        }

        @Override
        public String describe() {
            return "image" + image.shapeString();
        }
    }

    /**
     * The input blurred with a Gaussian of standard deviation {@code sigma} pixels (Sturmfels, Lundberg &amp; Lee,
     * 2020, "Visualizing the impact of feature attribution baselines"); separable kernel of radius ⌈3σ⌉, edges
     * replicated.
     */
    record Blurred(double sigma) implements Baseline {
        public Blurred {
            if (!(sigma > 0)) {
                throw new LoupeException("blur sigma must be positive, got " + sigma);
            }
        }

        @Override
        public Tensor of(Tensor input) {
            int r = (int) Math.ceil(3 * sigma);
            double[] k = new double[2 * r + 1];
            double sum = 0;
            for (int i = -r; i <= r; i++) {
                k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
                sum += k[i + r];
            }
            for (int i = 0; i < k.length; i++) {
                k[i] /= sum;
            }
            int h = input.dim(2), w = input.dim(3), planes = input.size() / (h * w);
            float[] src = input.data();
            Tensor out = Tensor.zeros(input.shape());
            float[] dst = out.data();
            double[] rows = new double[h * w];
            for (int p = 0; p < planes; p++) {
                int off = p * h * w;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double s = 0;
                        for (int t = -r; t <= r; t++) {
                            s += k[t + r] * src[off + y * w + Math.min(w - 1, Math.max(0, x + t))];
                        }
                        rows[y * w + x] = s;
                    }
                }
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double s = 0;
                        for (int t = -r; t <= r; t++) {
                            s += k[t + r] * rows[Math.min(h - 1, Math.max(0, y + t)) * w + x];
                        }
                        dst[off + y * w + x] = (float) s;
                    }
                }
            }
            return out;
        }

        @Override
        public String describe() {
            return "blur:" + sigma;
        }
    }

    /** The baseline batch for {@code input [N, C, H, W]}, same shape. */
    Tensor of(Tensor input);

    /** A short description for provenance: {@code zero}, {@code 0.5}, {@code blur:2.0}, {@code image[1, 28, 28]}. */
    String describe();

    /**
     * Parses the registry spelling: {@code zero}, a number (a constant image) or {@code blur:SIGMA}.
     *
     * @throws LoupeException for anything else
     */
    static Baseline parse(String text) {
        String t = text.trim();
        try {
            if (t.equals("zero")) {
                return new Constant(0f);
            }
            if (t.startsWith("blur:")) {
                return new Blurred(Double.parseDouble(t.substring(5)));
            }
            return new Constant(Float.parseFloat(t));
        } catch (NumberFormatException e) {
            throw new LoupeException("cannot read baseline '" + text + "': use zero, a number or blur:SIGMA");
        }
    }
}
