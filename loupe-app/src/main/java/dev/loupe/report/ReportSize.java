package dev.loupe.report;

/**
 * How much work each section does. {@link #fast()} finishes in under two minutes on two cores; {@link #full()} runs
 * every experiment at its natural size.
 *
 * @param name               {@code fast}, {@code full} or a free name, shown in the report
 * @param samples            images shown per per-image figure (DeconvNet, LRP, saliency, side by side), ≥ 1
 * @param comparisonImages   images of the method comparison table, ≥ 1
 * @param evaluationImages   test images used for the accuracy figure, ≥ 1
 * @param searchImages       training images searched for top-9 patches and invariance, ≥ 9
 * @param unitsPerLayer      units shown per layer in top-9 and evolution figures, ≥ 1
 * @param synthesisSteps     gradient steps of class-model visualization and DeepDream, ≥ 1
 * @param integrationSteps   integrated-gradients path points, ≥ 2
 * @param noiseSamples       SmoothGrad samples, ≥ 1
 * @param tsnePoints         points embedded by t-SNE, ≥ 10
 * @param tsneIterations     t-SNE gradient steps, ≥ 1
 * @param thumbnails         thumbnails drawn over the t-SNE scatter, ≥ 0
 * @param neighbourQueries   query images of the nearest-neighbour figure, ≥ 1
 * @param neighbours         neighbours per query, ≥ 1
 * @param trainingImages     images of the report's own short training run (feature evolution without snapshots)
 * @param trainingEpochs     epochs of that run, ≥ 2
 */
public record ReportSize(String name, int samples, int comparisonImages, int evaluationImages, int searchImages,
                         int unitsPerLayer, int synthesisSteps, int integrationSteps, int noiseSamples, int tsnePoints,
                         int tsneIterations, int thumbnails, int neighbourQueries, int neighbours, int trainingImages,
                         int trainingEpochs) {
    public ReportSize {
        check("samples", samples, 1);
        check("comparisonImages", comparisonImages, 1);
        check("evaluationImages", evaluationImages, 1);
        check("searchImages", searchImages, 9);
        check("unitsPerLayer", unitsPerLayer, 1);
        check("synthesisSteps", synthesisSteps, 1);
        check("integrationSteps", integrationSteps, 2);
        check("noiseSamples", noiseSamples, 1);
        check("tsnePoints", tsnePoints, 10);
        check("tsneIterations", tsneIterations, 1);
        check("thumbnails", thumbnails, 0);
        check("neighbourQueries", neighbourQueries, 1);
        check("neighbours", neighbours, 1);
        check("trainingImages", trainingImages, 10);
        check("trainingEpochs", trainingEpochs, 2);
    }

    private static void check(String what, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", got " + value);
        }
    }

    /** Under two minutes on two cores: 3 samples, 1,000 t-SNE points with 300 iterations, short syntheses. */
    public static ReportSize fast() {
        return new ReportSize("fast", 3, 4, 2000, 2000, 4, 60, 16, 8, 1000, 300, 60, 3, 8, 3000, 3);
    }

    /** The natural size: 5 samples, 5,000 t-SNE points with 1,000 iterations, the whole test set evaluated. */
    public static ReportSize full() {
        return new ReportSize("full", 5, 8, Integer.MAX_VALUE, 20000, 8, 200, 64, 32, 5000, 1000, 200, 5, 8, 12000, 5);
    }
}
