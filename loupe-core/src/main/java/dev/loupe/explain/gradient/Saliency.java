package dev.loupe.explain.gradient;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Propagation;
import dev.loupe.explain.Provenance;
import dev.loupe.explain.Target;
import dev.loupe.explain.TraceExplainer;
import dev.loupe.nn.RuleMap;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * The gradient of the target with respect to the input (Simonyan, Vedaldi &amp; Zisserman, 2014, "Deep inside
 * convolutional networks"), as Captum's {@code Saliency}.
 *
 * <p>Map: {@code [N, C, H, W]} for {@link Mode#SIGNED} and {@link Mode#ABS}; {@code [N, 1, H, W]} for
 * {@link Mode#MAX_CHANNEL}, the paper's maximum of the absolute gradient over the colour channels.
 *
 * @param mode how the gradient is turned into a map
 */
public record Saliency(Mode mode) implements TraceExplainer {
    /** How the gradient becomes a map. */
    public enum Mode {
        /** The signed gradient. */
        SIGNED("signed"),
        /** Its absolute value (Captum's {@code abs=True}). */
        ABS("abs"),
        /** The largest absolute value over the channels. */
        MAX_CHANNEL("max-channel");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        /** The registry spelling. */
        public String label() {
            return label;
        }

        /** The mode of a registry spelling. */
        public static Mode of(String label) {
            for (Mode m : values()) {
                if (m.label.equals(label)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown saliency mode " + label);
        }
    }

    public Saliency {
        Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String name() {
        return "saliency";
    }

    @Override
    public Attribution explain(Trace trace, Target target) {
        Propagation.Result r = Propagation.walk(trace, target, RuleMap.GRADIENT, false);
        Tensor g = r.atInput();
        Tensor map = switch (mode) {
            case SIGNED -> g;
            case ABS -> g.map(Math::abs);
            case MAX_CHANNEL -> maxAbsOverChannels(g);
        };
        return new Attribution(map, target, r.scores(), new Provenance(name(), Map.of("mode", mode.label()), 0,
                trace.model().digest()));
    }

    /** {@code [N, C, H, W]} → {@code [N, 1, H, W]}: the largest |value| over the channels. */
    static Tensor maxAbsOverChannels(Tensor g) {
        int n = g.dim(0), c = g.dim(1), area = g.size() / (n * c);
        Tensor out = Tensor.zeros(n, 1, g.dim(2), g.dim(3));
        float[] s = g.data(), d = out.data();
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < area; p++) {
                float m = 0;
                for (int ch = 0; ch < c; ch++) {
                    m = Math.max(m, Math.abs(s[(i * c + ch) * area + p]));
                }
                d[i * area + p] = m;
            }
        }
        return out;
    }
}
