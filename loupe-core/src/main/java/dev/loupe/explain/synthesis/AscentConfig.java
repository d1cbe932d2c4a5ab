package dev.loupe.explain.synthesis;

import dev.loupe.LoupeException;
import java.util.List;
import java.util.Objects;

/**
 * The settings of activation maximization: maximize {@code J(I) = objective(I) − λ‖I‖²₂} over the image I by
 * gradient ascent (Simonyan, Vedaldi &amp; Zisserman, "Deep Inside Convolutional Networks", ICLR Workshop 2014,
 * Eq. 1), with optional DeepVis regularizers.
 *
 * @param objective     what to maximize
 * @param steps         ascent steps (≥ 1)
 * @param learningRate  step size (&gt; 0)
 * @param l2Weight      λ, the weight of the squared L2 norm of the image (≥ 0)
 * @param optimizer     SGD or Adam
 * @param regularizers  DeepVis priors, applied in order
 * @param start         the starting image
 * @param recordEvery   keep the image every this many steps in the trajectory (0: none)
 * @param seed          seed for jitter
 */
public record AscentConfig(Objective objective, int steps, double learningRate, double l2Weight, Optimizer optimizer,
                           List<Regularizer> regularizers, Start start, int recordEvery, long seed) {
    public AscentConfig {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(start, "start");
        regularizers = List.copyOf(regularizers);
        if (steps <= 0) {
            throw new LoupeException("activation maximization needs at least one step, got " + steps);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new LoupeException("learning rate must be positive, got " + learningRate);
        }
        if (!(l2Weight >= 0)) {
            throw new LoupeException("L2 weight must be non-negative, got " + l2Weight);
        }
        if (recordEvery < 0) {
            throw new LoupeException("recordEvery must be non-negative, got " + recordEvery);
        }
    }

    /**
     * Simonyan et al.'s class model visualization as plain as the paper: the class logit, 200 Adam steps of 0.1 from
     * the zero (mean) image, λ = 0.01, no further priors.
     */
    public static AscentConfig classModel(int classIndex) {
        return new AscentConfig(new Objective.ClassLogit(classIndex), 200, 0.1, 0.01, Optimizer.ADAM, List.of(),
                Start.Constant.mean(), 0, 0);
    }

    /**
     * The defaults for MNIST-like digits in normalized units: class logit, 200 Adam steps of 0.1 from the mean
     * image, λ = 0.005, and the DeepVis priors jitter 1, blur σ 0.6 every 4 steps, small-norm clipping below the
     * 20th percentile and clamping to the pixel range of MNIST ([−0.4242, 2.8215]).
     */
    public static AscentConfig digits(int classIndex) {
        return new AscentConfig(new Objective.ClassLogit(classIndex), 200, 0.1, 0.005, Optimizer.ADAM,
                List.of(new Regularizer.Jitter(1), new Regularizer.Blur(0.6, 4), new Regularizer.NormClip(20),
                        new Regularizer.Range(-0.4242, 2.8215)),
                Start.Constant.mean(), 0, 0);
    }

    /** The same settings with another objective. */
    public AscentConfig withObjective(Objective o) {
        return new AscentConfig(o, steps, learningRate, l2Weight, optimizer, regularizers, start, recordEvery, seed);
    }

    /** The same settings with other regularizers. */
    public AscentConfig withRegularizers(List<Regularizer> r) {
        return new AscentConfig(objective, steps, learningRate, l2Weight, optimizer, r, start, recordEvery, seed);
    }

    /** The same settings with another start. */
    public AscentConfig withStart(Start s) {
        return new AscentConfig(objective, steps, learningRate, l2Weight, optimizer, regularizers, s, recordEvery,
                seed);
    }

    /** The same settings with another step count, learning rate and L2 weight. */
    public AscentConfig withSchedule(int newSteps, double newLearningRate, double newL2Weight) {
        return new AscentConfig(objective, newSteps, newLearningRate, newL2Weight, optimizer, regularizers, start,
                recordEvery, seed);
    }

    /** The same settings with another optimizer. */
    public AscentConfig withOptimizer(Optimizer o) {
        return new AscentConfig(objective, steps, learningRate, l2Weight, o, regularizers, start, recordEvery, seed);
    }

    /** The same settings, keeping the image every {@code k} steps. */
    public AscentConfig withRecordEvery(int k) {
        return new AscentConfig(objective, steps, learningRate, l2Weight, optimizer, regularizers, start, k, seed);
    }
}
