package dev.loupe.explain.lrp;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.Propagation;
import dev.loupe.explain.Provenance;
import dev.loupe.explain.Target;
import dev.loupe.nn.Backward;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.RuleMap;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Saxpy;
import dev.loupe.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * LRP with one rule map: the model is canonised ({@link LogitsOutput} drops a final softmax, {@link MergeBatchNorm}
 * folds batch norms), run forward, seeded at the target with the target's own value (one-hot × logit, Zennit's
 * convention) and walked back with the rules. The scores are therefore logits also for a model that ends with a
 * softmax.
 *
 * <p>The attribution's map is the relevance at the input {@code [N, C, H, W]}. Its extras hold, for every layer of
 * the canonised model, the relevance at that layer's output as {@code relevance:<layer>}: summed over the channels
 * into {@code [N, 1, H, W]} for feature maps, as is ({@code [N, F]}) for dense layers. A batch norm merged into its
 * convolution gets the merged convolution's map (the relevance at the batch norm's output); the convolution's own
 * pre-normalisation output has no separate relevance. A dropped final softmax gets the relevance of the logits.
 *
 * @param name       the registry name, such as {@code lrp.epsilon-gamma-box}
 * @param rules      the composite
 * @param parameters parameter values for provenance
 * @param parallel   the threads to use, or null for {@link Parallel#defaults()} at explain time
 */
public record LrpExplainer(String name, RuleMap rules, Map<String, String> parameters, Parallel parallel)
        implements Explainer {
    public LrpExplainer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rules, "rules");
        parameters = Map.copyOf(parameters);
    }

    /** An explainer on the default threads. */
    public LrpExplainer(String name, RuleMap rules, Map<String, String> parameters) {
        this(name, rules, parameters, null);
    }

    /** The same explainer on other threads. */
    public LrpExplainer withParallel(Parallel threads) {
        return new LrpExplainer(name, rules, parameters, threads);
    }

    /**
     * Canonises the model and runs the walk; the result's backward pass gives the relevance at every layer of the
     * canonised model ({@link Backward#at}) and at the input.
     */
    public Propagation.Result propagate(Model model, Tensor input, Target target) {
        return Propagation.run(MergeBatchNorm.apply(LogitsOutput.apply(model)), input, target, rules, true, threads());
    }

    private Parallel threads() {
        return parallel != null ? parallel : Parallel.defaults();
    }

    @Override
    public Attribution explain(Model model, Tensor input, Target target) {
        Propagation.Result result = propagate(model, input, target);
        Map<String, Tensor> heatmaps = layerHeatmaps(result.backward(), threads());
        Model canonical = result.trace().model();
        for (Node node : model.nodes()) {
            if (!canonical.has(node.name()) && canonical.has(node.inputs().get(0))) {
                // a merged batch norm or a dropped final softmax: its relevance is that of the layer it read
                heatmaps.put("relevance:" + node.name(), heatmaps.get("relevance:" + node.inputs().get(0)));
            }
        }
        return new Attribution(result.atInput(), target, result.scores(),
                new Provenance(name, parameters, 0, model.digest()), heatmaps);
    }

    /**
     * The relevance at the output of every layer, keyed {@code relevance:<layer>}: feature maps
     * {@code [N, C, H, W]} are summed over channels into {@code [N, 1, H, W]}, other outputs are kept as they are.
     */
    public static Map<String, Tensor> layerHeatmaps(Backward backward, Parallel parallel) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Node node : backward.trace().model().nodes()) {
            Tensor r = backward.at(node.name());
            out.put("relevance:" + node.name(), r.rank() == 4 ? sumChannels(r, parallel) : r);
        }
        return out;
    }

    /** {@code [N, C, H, W] → [N, 1, H, W]}, summing over C. */
    static Tensor sumChannels(Tensor r, Parallel parallel) {
        int n = r.dim(0), c = r.dim(1), area = r.dim(2) * r.dim(3);
        Tensor out = Tensor.zeros(n, 1, r.dim(2), r.dim(3));
        float[] d = r.data(), o = out.data();
        int per = c * area;
        Relevance.forImages(parallel, n, d.length, (from, to, chunk) -> {
            for (int i = from / per; i < to / per; i++) {
                for (int ch = 0; ch < c; ch++) {
                    Saxpy.INSTANCE.apply(o, i * area, d, (i * c + ch) * area, area, 1f);
                }
            }
        });
        return out;
    }
}
