package dev.loupe.explain.synthesis;

import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.RuleMap;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.ImageFilters;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Statistics;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Activation maximization by gradient ascent on the image: Simonyan et al.'s class model visualization (ICLR
 * Workshop 2014, Sec. 2) with the DeepVis regularizers of Yosinski et al. (2015). Each step runs the model forward,
 * seeds the objective's gradient at its layer, walks back to the image with {@link Model#backward}, subtracts
 * {@code 2λI}, takes an SGD or Adam step and applies the regularizers. The model is never modified.
 */
public final class ActivationMaximization {
    private final Parallel parallel;

    /** On the process-default threads, as they are when it runs. */
    public ActivationMaximization() {
        this.parallel = null;
    }

    /** On the given threads. */
    public ActivationMaximization(Parallel parallel) {
        this.parallel = java.util.Objects.requireNonNull(parallel, "parallel");
    }

    private Parallel threads() {
        return parallel != null ? parallel : Parallel.defaults();
    }

    /** Runs the ascent. */
    public Synthesis run(Model model, AscentConfig config) {
        Parallel parallel = threads();
        Objective objective = config.objective();
        String layer = objective.layer(model);
        Tensor x = config.start().image(model.inputShape());
        float[] xd = x.data();
        Optimizer.State state = config.optimizer().start(x.size());
        Random random = new Random(config.seed());
        int jitter = 0;
        for (Regularizer r : config.regularizers()) {
            if (r instanceof Regularizer.Jitter j) {
                jitter = Math.max(jitter, j.pixels());
            }
        }
        double[] values = new double[config.steps()];
        List<Synthesis.Snapshot> trajectory = new ArrayList<>();
        float twoLambda = (float) (2 * config.l2Weight());
        for (int step = 0; step < config.steps(); step++) {
            int dy = jitter == 0 ? 0 : random.nextInt(2 * jitter + 1) - jitter;
            int dx = jitter == 0 ? 0 : random.nextInt(2 * jitter + 1) - jitter;
            Tensor in = dy == 0 && dx == 0 ? x : ImageFilters.roll(x, dy, dx);
            Trace trace = model.forward(in, ForwardOptions.inference(parallel));
            Tensor grad = model.backward(trace, Map.of(layer, objective.gradient(trace)), RuleMap.GRADIENT, parallel)
                    .input();
            if (in != x) {
                grad = ImageFilters.roll(grad, -dy, -dx);
            }
            float[] g = grad.data();
            double norm2 = 0;
            for (int i = 0; i < xd.length; i++) {
                norm2 += (double) xd[i] * xd[i];
                g[i] -= twoLambda * xd[i];
            }
            values[step] = objective.value(trace)[0] - config.l2Weight() * norm2;
            state.ascend(xd, g, config.learningRate());
            x = regularize(x, grad, step + 1, config.regularizers());
            xd = x.data();
            if (config.recordEvery() > 0 && ((step + 1) % config.recordEvery() == 0 || step + 1 == config.steps())) {
                trajectory.add(new Synthesis.Snapshot(step + 1, x.copy()));
            }
        }
        return new Synthesis(x, trajectory, values, config);
    }

    /** Applies the image-changing regularizers after step {@code step}; may return a new tensor. */
    static Tensor regularize(Tensor x, Tensor grad, int step, List<Regularizer> regularizers) {
        for (Regularizer r : regularizers) {
            if (r instanceof Regularizer.L2Decay d) {
                x.scaleInPlace((float) (1 - d.decay()));
            } else if (r instanceof Regularizer.Blur b) {
                if (step % b.every() == 0) {
                    Tensor blurred = ImageFilters.gaussianBlur(x, b.sigma());
                    System.arraycopy(blurred.data(), 0, x.data(), 0, x.size());
                }
            } else if (r instanceof Regularizer.NormClip c) {
                clipPixels(x, pixelScores(x, null), c.percentile());
            } else if (r instanceof Regularizer.ContributionClip c) {
                clipPixels(x, pixelScores(x, grad), c.percentile());
            } else if (r instanceof Regularizer.Range range) {
                float lo = (float) range.min(), hi = (float) range.max();
                float[] d = x.data();
                for (int i = 0; i < d.length; i++) {
                    d[i] = Math.max(lo, Math.min(hi, d[i]));
                }
            }
        }
        return x;
    }

    /**
     * Per pixel of a {@code [1, C, H, W]} image: the norm over channels of x, or with a gradient, the contribution
     * {@code Σ_c |x_c g_c|}.
     */
    private static double[] pixelScores(Tensor x, Tensor grad) {
        int c = x.dim(1), area = x.dim(2) * x.dim(3);
        double[] s = new double[area];
        float[] xd = x.data();
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < area; p++) {
                float v = xd[ch * area + p];
                s[p] += grad == null ? (double) v * v : Math.abs((double) v * grad.data()[ch * area + p]);
            }
        }
        if (grad == null) {
            for (int p = 0; p < area; p++) {
                s[p] = Math.sqrt(s[p]);
            }
        }
        return s;
    }

    /** Zeroes every channel of the pixels whose score is below the percentile of all scores. */
    private static void clipPixels(Tensor x, double[] scores, double percentile) {
        double cut = Statistics.quantile(scores, percentile / 100);
        int c = x.dim(1), area = scores.length;
        float[] d = x.data();
        for (int p = 0; p < area; p++) {
            if (scores[p] < cut) {
                for (int ch = 0; ch < c; ch++) {
                    d[ch * area + p] = 0f;
                }
            }
        }
    }
}
