package dev.loupe.explain.gradient;

import dev.loupe.LoupeException;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.Propagation;
import dev.loupe.explain.Provenance;
import dev.loupe.explain.Target;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.RuleMap;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Integrated gradients (Sundararajan, Taly &amp; Yan, 2017, "Axiomatic attribution for deep networks"), as Captum's
 * {@code IntegratedGradients}: {@code (x − x') · Σ_k w_k ∇F(x' + α_k (x − x'))} for the path points and weights of a
 * {@link Quadrature} and a {@link Baseline} x'.
 *
 * <p>The path points of all images are run {@code internalBatch} rows at a time, so memory stays flat whatever the
 * number of steps. Map {@code [N, C, H, W]}; extra {@code convergence_delta [N]}: the completeness gap
 * {@code Σ attribution − (F(x) − F(x'))}.
 *
 * @param quadrature    path points and weights
 * @param baseline      the path's start
 * @param internalBatch rows (path points × images) per forward and backward pass
 */
public record IntegratedGradients(Quadrature quadrature, Baseline baseline, int internalBatch) implements Explainer {
    public IntegratedGradients {
        Objects.requireNonNull(quadrature, "quadrature");
        Objects.requireNonNull(baseline, "baseline");
        if (internalBatch < 1) {
            throw new LoupeException("integrated gradients: internal batch must be at least 1, got " + internalBatch);
        }
    }

    /** {@code steps} points of {@code rule} from a zero baseline, 32 rows per pass. */
    public static IntegratedGradients of(Quadrature.Rule rule, int steps) {
        return new IntegratedGradients(Quadrature.of(rule, steps), new Baseline.Constant(0f), 32);
    }

    @Override
    public String name() {
        return "integrated-gradients";
    }

    @Override
    public Attribution explain(Model model, Tensor input, Target target) {
        ForwardOptions options = ForwardOptions.inference(Parallel.defaults());
        int n = input.dim(0), per = input.size() / n, steps = quadrature.steps();
        Tensor base = baseline.of(input);
        Trace clean = model.forward(input, options);
        Target fixed = target.fixedOn(clean);
        double[] scores = fixed.score(clean);
        double[] baseScores = fixed.score(model.forward(base, options));

        float[] x = input.data(), b = base.data();
        double[] sum = new double[input.size()];
        int rows = n * steps;
        for (int from = 0; from < rows; from += internalBatch) {
            int to = Math.min(rows, from + internalBatch);
            int[] shape = input.shape();
            shape[0] = to - from;
            Tensor points = Tensor.zeros(shape);
            float[] p = points.data();
            int[] imageOfRow = new int[to - from];
            for (int r = from; r < to; r++) {
                int i = r / steps;
                float alpha = (float) quadrature.alpha(r % steps);
                imageOfRow[r - from] = i;
                int src = i * per, dst = (r - from) * per;
                for (int j = 0; j < per; j++) {
                    p[dst + j] = b[src + j] + alpha * (x[src + j] - b[src + j]);
                }
            }
            Tensor g = Propagation.run(model, points, fixed.forRows(imageOfRow), RuleMap.GRADIENT, false,
                    options.parallel()).atInput();
            float[] gd = g.data();
            for (int r = from; r < to; r++) {
                double w = quadrature.weight(r % steps);
                int dst = (r / steps) * per, src = (r - from) * per;
                for (int j = 0; j < per; j++) {
                    sum[dst + j] += w * gd[src + j];
                }
            }
        }
        Tensor map = Tensor.zeros(input.shape());
        float[] m = map.data();
        for (int j = 0; j < m.length; j++) {
            m[j] = (float) sum[j] * (x[j] - b[j]);
        }
        double[] total = map.sumPerItem();
        Tensor delta = Tensor.zeros(n);
        for (int i = 0; i < n; i++) {
            delta.data()[i] = (float) (total[i] - (scores[i] - baseScores[i]));
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("steps", Integer.toString(steps));
        params.put("baseline", baseline.describe());
        params.put("internal-batch", Integer.toString(internalBatch));
        params.put("rule", quadrature.rule());
        return new Attribution(map, target, scores, new Provenance(name(), params, 0, model.digest()),
                Map.of("convergence_delta", delta));
    }
}
