package dev.loupe.features;

import dev.loupe.LoupeException;
import dev.loupe.explain.Target;
import dev.loupe.explain.propagation.ReLUOverride;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.RuleMap;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Projects single activations down to pixel space with a backward rule map: with DeconvNet's rules this is the
 * projection of Zeiler &amp; Fergus (ECCV 2014, Sec. 2.1). All other activations of the layer are set to zero, the
 * chosen one keeps its value (the {@link Target.Neuron} seed by value), and the signal walks back to the input.
 *
 * @param rules      the backward rules (DeconvNet for Zeiler &amp; Fergus's figures)
 * @param preprocess what the model expects done to a batch of [0, 1] images first
 * @param parallel   the threads for the forward and backward passes
 */
public record ActivationProjection(RuleMap rules, UnaryOperator<Tensor> preprocess, Parallel parallel) {
    public ActivationProjection {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(preprocess, "preprocess");
        Objects.requireNonNull(parallel, "parallel");
    }

    /** Zeiler &amp; Fergus's projection: DeconvNet's rules ({@link ReLUOverride#DECONVNET}). */
    public static ActivationProjection deconvNet(UnaryOperator<Tensor> preprocess, Parallel parallel) {
        return new ActivationProjection(ReLUOverride.DECONVNET, preprocess, parallel);
    }

    /** One activation to project: channel {@code unit} of a layer at {@code (y, x)}. */
    public record Site(int unit, int y, int x) {
    }

    /**
     * Projects, for every image i of {@code images [n, C, H, W]} (in [0, 1]), the activation {@code sites.get(i)}
     * of {@code layer}; each image is seeded only at its own site. Returns {@code [n, C, H, W]}.
     *
     * @throws LoupeException for an unknown layer or an out-of-range unit or position
     */
    public Tensor project(Model model, Tensor images, String layer, List<Site> sites) {
        int n = images.dim(0);
        if (sites.size() != n) {
            throw new IllegalArgumentException(sites.size() + " sites for " + n + " images");
        }
        Model net = FeatureLayers.prefix(model, List.of(layer));
        Trace trace = net.forward(preprocess.apply(images), ForwardOptions.inference(parallel));
        Tensor act = trace.activation(layer);
        Tensor seed = Tensor.zeros(act.shape());
        int per = act.size() / Math.max(1, n);
        for (int i = 0; i < n; i++) {
            Site s = sites.get(i);
            FeatureLayers.requireUnit(model, layer, s.unit());
            // the Target.Neuron seed seeds every image of the batch at one site; keep image i's row only
            Tensor all = new Target.Neuron(layer, s.unit(), s.y(), s.x()).seed(trace, true);
            System.arraycopy(all.data(), i * per, seed.data(), i * per, per);
        }
        return net.backward(trace, Map.of(layer, seed), rules, parallel).input();
    }
}
