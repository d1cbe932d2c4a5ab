/**
 * Training classifiers: the loss ({@link dev.loupe.train.CrossEntropy}), optimizers with PyTorch's semantics
 * ({@link dev.loupe.train.OptimizerSpec.Sgd}, {@link dev.loupe.train.OptimizerSpec.Adam}), seeded shuffling, the
 * {@link dev.loupe.train.Trainer} with its {@link dev.loupe.train.TrainingConfig} and
 * {@link dev.loupe.train.TrainingListener}s, and {@link dev.loupe.train.Evaluation} (accuracy and confusion matrix).
 *
 * <p>A typical run:
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.sgd(5, 64, 0.01, 0.9, 42, 2);
 * Model trained = new Trainer(config, List.of(TrainingListener.atEpochEnd(System.out::println)))
 *         .train(Architectures.create("seednet", 1), normalizedImages, labels);
 * System.out.println(Evaluation.of(trained, testImages, testLabels, classNames, 256, config.parallel()));
 * }</pre>
 * The same config, data and initial model give bit-identical weights.
 */
package dev.loupe.train;
