package dev.loupe.explain.lrp;

import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The canoniser that folds each inference-mode batch normalisation into the convolution before it (Zennit's
 * {@code SequentialMergeBatchNorm}), so LRP rules see one affine layer. Per output channel c, with
 * {@code k_c = γ_c / sqrt(running_var_c + eps)}:
 *
 * <pre>
 *   w'[c] = w[c] · k_c        b'_c = (b_c − running_mean_c) · k_c + β_c     (b = 0 when the conv has no bias)
 * </pre>
 *
 * <p>The merged convolution keeps the convolution's node name; the batch-norm node is removed and its readers are
 * rewired to the convolution. A batch norm is merged only when it reads a {@link Conv2d} that nothing else reads
 * (otherwise the other reader would change); any other batch norm is left in place. The model's outputs are
 * unchanged up to float rounding; the input model is not modified.
 */
public final class MergeBatchNorm {
    private MergeBatchNorm() {
    }

    /** A new model with every mergeable batch norm folded in, or {@code model} itself when there is none. */
    public static Model apply(Model model) {
        Map<String, Conv2d> merged = new HashMap<>();
        Map<String, String> renamed = new HashMap<>();
        for (Node node : model.nodes()) {
            if (node.layer() instanceof BatchNorm2d bn) {
                String src = node.inputs().get(0);
                if (!Model.INPUT.equals(src) && model.node(src).layer() instanceof Conv2d conv
                        && !merged.containsKey(src) && model.consumersOf(src).size() == 1) {
                    merged.put(src, fold(conv, bn));
                    renamed.put(node.name(), src);
                }
            }
        }
        if (merged.isEmpty()) {
            return model;
        }
        List<Node> nodes = new ArrayList<>();
        for (Node node : model.nodes()) {
            if (renamed.containsKey(node.name())) {
                continue;
            }
            List<String> inputs = node.inputs().stream().map(s -> renamed.getOrDefault(s, s)).toList();
            nodes.add(new Node(node.name(), merged.containsKey(node.name()) ? merged.get(node.name()) : node.layer(),
                    inputs));
        }
        return model.withNodes(nodes);
    }

    /** The convolution followed by the batch norm, as one convolution (computed in double). */
    static Conv2d fold(Conv2d conv, BatchNorm2d bn) {
        double[] k = bn.inferenceScale();
        int out = conv.geometry().outChannels();
        Tensor w = conv.weight().copy();
        float[] wd = w.data();
        int per = wd.length / out;
        float[] b = new float[out];
        float[] mean = bn.runningMean().data(), beta = bn.bias().data();
        for (int c = 0; c < out; c++) {
            for (int i = c * per; i < (c + 1) * per; i++) {
                wd[i] = (float) (wd[i] * k[c]);
            }
            double bias = conv.bias() == null ? 0 : conv.bias().data()[c];
            b[c] = (float) ((bias - mean[c]) * k[c] + beta[c]);
        }
        return conv.withParameters(w, Tensor.wrap(b, out));
    }
}
