package dev.loupe.explain.noise;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.Provenance;
import dev.loupe.explain.Target;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Averages any explainer over noisy copies of the input, as Captum's {@code NoiseTunnel}: SmoothGrad (Smilkov et
 * al., 2017), SmoothGrad² and VarGrad (Adebayo et al., 2018). The base explainer is wrapped, not copied.
 *
 * <p>The target is fixed on the clean input first (a predicted class stays the clean prediction). Each sample
 * explains {@code input + noise_k}; the maps (shaped like the base method's maps) are combined elementwise:
 * {@link Kind#SMOOTHGRAD} their mean, {@link Kind#SMOOTHGRAD_SQUARED} the mean of their squares,
 * {@link Kind#VARGRAD} their variance (mean of squares minus squared mean). Scores are those of the clean input.
 *
 * @param base  the wrapped explainer
 * @param kind  how the samples are combined
 * @param noise where the noise comes from
 */
public record NoiseTunnel(Explainer base, Kind kind, NoiseSource noise) implements Explainer {
    /** How the samples' maps are combined. */
    public enum Kind {
        /** Mean. */
        SMOOTHGRAD("smoothgrad"),
        /** Mean of squares. */
        SMOOTHGRAD_SQUARED("smoothgrad2"),
        /** Variance. */
        VARGRAD("vargrad");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The registry spelling. */
        public String label() {
            return label;
        }

        /** The kind of a registry spelling. */
        public static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown noise tunnel kind " + label);
        }
    }

    public NoiseTunnel {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(noise, "noise");
    }

    @Override
    public String name() {
        return "smoothgrad";
    }

    @Override
    public Attribution explain(Model model, Tensor input, Target target) {
        Trace clean = model.forward(input, ForwardOptions.inference(Parallel.defaults()));
        Target fixed = target.fixedOn(clean);
        double[] sum = null, squares = null;
        Attribution first = null;
        int samples = noise.samples();
        for (int k = 0; k < samples; k++) {
            Attribution a = base.explain(model, input.plus(noise.noise(k, input)), fixed);
            float[] m = a.map().data();
            if (first == null) {
                first = a;
                sum = new double[m.length];
                squares = new double[m.length];
            }
            for (int j = 0; j < m.length; j++) {
                sum[j] += m[j];
                squares[j] += (double) m[j] * m[j];
            }
        }
        Tensor out = Tensor.zeros(first.map().shape());
        float[] o = out.data();
        for (int j = 0; j < o.length; j++) {
            double mean = sum[j] / samples, meanSquare = squares[j] / samples;
            o[j] = (float) switch (kind) {
                case SMOOTHGRAD -> mean;
                case SMOOTHGRAD_SQUARED -> meanSquare;
                case VARGRAD -> meanSquare - mean * mean;
            };
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("base", base.name());
        params.put("kind", kind.label());
        params.put("samples", Integer.toString(samples));
        if (noise instanceof NoiseSource.Gaussian g) {
            params.put("stdev", Double.toString(g.stdev()));
        } else {
            params.put("noise", "replayed");
        }
        first.provenance().parameters().forEach((key, value) -> params.put("base." + key, value));
        return new Attribution(out, target, fixed.score(clean),
                new Provenance(name(), params, noise.seed(), model.digest()));
    }
}
