package dev.loupe.train;

/**
 * Which optimizer to train with, and its hyper-parameters. Both follow PyTorch's semantics exactly, including
 * weight decay as an L2 term added to the gradient ({@code g ← g + wd·p}).
 */
public sealed interface OptimizerSpec {

    /** The learning rate. */
    double learningRate();

    /** The L2 weight decay added to every gradient. */
    double weightDecay();

    /** A short name for provenance and logs: {@code sgd} or {@code adam}. */
    String name();

    /** Creates a fresh optimizer (zero state) for this spec. */
    Optimizer create();

    /**
     * Stochastic gradient descent with heavy-ball momentum, as {@code torch.optim.SGD} (no dampening, no Nesterov):
     * {@code v ← μ·v + g}, {@code p ← p − lr·v}, with {@code v} starting at zero (so the first step uses
     * {@code v = g}, as PyTorch).
     *
     * @param learningRate lr &gt; 0
     * @param momentum     μ in [0, 1)
     * @param weightDecay  wd ≥ 0
     */
    record Sgd(double learningRate, double momentum, double weightDecay) implements OptimizerSpec {
        public Sgd {
            checkRate(learningRate);
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("SGD momentum must be in [0, 1), got " + momentum);
            }
            checkDecay(weightDecay);
        }

        @Override
        public String name() {
            return "sgd";
        }

        @Override
        public Optimizer create() {
            return new SgdOptimizer(this);
        }
    }

    /**
     * Adam (Kingma &amp; Ba, 2015), as {@code torch.optim.Adam} with {@code amsgrad=False}:
     * {@code m ← β1·m + (1−β1)·g}, {@code v ← β2·v + (1−β2)·g²},
     * {@code p ← p − lr · (m / (1−β1ᵗ)) / (sqrt(v / (1−β2ᵗ)) + ε)}.
     *
     * @param learningRate lr &gt; 0
     * @param beta1        β1 in [0, 1)
     * @param beta2        β2 in [0, 1)
     * @param epsilon      ε &gt; 0
     * @param weightDecay  wd ≥ 0 (L2, not AdamW's decoupled decay)
     */
    record Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
            implements OptimizerSpec {
        public Adam {
            checkRate(learningRate);
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("Adam epsilon must be positive, got " + epsilon);
            }
            checkDecay(weightDecay);
        }

        /** PyTorch's defaults: β = (0.9, 0.999), ε = 1e-8, no weight decay. */
        public static Adam of(double learningRate) {
            return new Adam(learningRate, 0.9, 0.999, 1e-8, 0);
        }

        @Override
        public String name() {
            return "adam";
        }

        @Override
        public Optimizer create() {
            return new AdamOptimizer(this);
        }
    }

    private static void checkRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
        }
    }

    private static void checkDecay(double wd) {
        if (!(wd >= 0) || Double.isInfinite(wd)) {
            throw new IllegalArgumentException("weight decay must be ≥ 0 and finite, got " + wd);
        }
    }
}
