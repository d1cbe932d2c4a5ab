package dev.loupe.explain.cam;

import dev.loupe.LoupeException;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.Provenance;
import dev.loupe.explain.Target;
import dev.loupe.explain.TraceExplainer;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * Score-CAM (Wang et al., 2020, "Score-CAM: score-weighted visual explanations for convolutional neural networks"),
 * as pytorch-grad-cam computes it: every channel k of the layer output is resized to the input (bilinear with
 * aligned corners, as {@code UpsamplingBilinear2d}) and min–max normalised, {@code (m − min)/(max − min + 1e-8)};
 * the input times that mask is scored with the target; the channel weights are the softmax of those scores over the
 * channels; the map is {@code ReLU(Σ_k w_k A_k)}. No gradients are used.
 *
 * <p>The masked inputs of all images and channels are run {@code batch} at a time. Map {@code [N, 1, H, W]};
 * extra {@code layer_map [N, 1, h, w]}.
 *
 * @param layer the layer name; empty for the last convolution's output
 * @param batch masked inputs per forward pass
 */
public record ScoreCam(String layer, int batch) implements TraceExplainer {
    public ScoreCam {
        Objects.requireNonNull(layer, "layer (empty for the last convolution)");
        if (batch < 1) {
            throw new LoupeException("scorecam: batch must be at least 1, got " + batch);
        }
    }

    @Override
    public String name() {
        return "scorecam";
    }

    @Override
    public Attribution explain(Trace trace, Target target) {
        Model model = trace.model();
        String at = CamLayer.resolve(model, layer, name());
        Target fixed = target.fixedOn(trace);
        Tensor act = trace.activation(at), input = trace.input();
        int n = act.dim(0), c = act.dim(1), h = input.dim(2), w = input.dim(3);
        int per = input.size() / n, inC = input.dim(1), area = h * w;
        Tensor masks = Interpolation.BILINEAR_ALIGNED.resize(act, h, w);
        float[] md = masks.data();
        for (int plane = 0; plane < n * c; plane++) {
            int off = plane * area;
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (int p = 0; p < area; p++) {
                lo = Math.min(lo, md[off + p]);
                hi = Math.max(hi, md[off + p]);
            }
            for (int p = 0; p < area; p++) {
                md[off + p] = (md[off + p] - lo) / (hi - lo + 1e-8f);
            }
        }
        double[] scores = new double[n * c];
        int rows = n * c;
        float[] x = input.data();
        for (int from = 0; from < rows; from += batch) {
            int to = Math.min(rows, from + batch);
            int[] shape = input.shape();
            shape[0] = to - from;
            Tensor masked = Tensor.zeros(shape);
            float[] d = masked.data();
            int[] imageOfRow = new int[to - from];
            for (int r = from; r < to; r++) {
                int i = r / c;
                imageOfRow[r - from] = i;
                for (int ch = 0; ch < inC; ch++) {
                    for (int p = 0; p < area; p++) {
                        d[(r - from) * per + ch * area + p] = x[i * per + ch * area + p] * md[r * area + p];
                    }
                }
            }
            Trace t = model.forward(masked, ForwardOptions.prediction(trace.options().parallel()));
            double[] s = fixed.forRows(imageOfRow).score(t);
            System.arraycopy(s, 0, scores, from, s.length);
        }
        double[][] weights = new double[n][c];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, scores[i * c + k]);
            }
            for (int k = 0; k < c; k++) {
                weights[i][k] = Math.exp(scores[i * c + k] - max);
                sum += weights[i][k];
            }
            for (int k = 0; k < c; k++) {
                weights[i][k] /= sum;
            }
        }
        return ChannelWeighting.attribution(ChannelWeighting.weightedSum(act, weights, true), input, target,
                fixed.score(trace), new Provenance(name(), Map.of("layer", at, "batch", Integer.toString(batch)), 0,
                        model.digest()));
    }
}
