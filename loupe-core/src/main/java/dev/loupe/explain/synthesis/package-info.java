/**
 * Synthesis methods: images made by gradient ascent to show what a network responds to.
 *
 * <ul>
 *   <li>{@link dev.loupe.explain.synthesis.ActivationMaximization} with
 *       {@link dev.loupe.explain.synthesis.AscentConfig}: class model visualization (Simonyan et al., 2014) and the
 *       maximization of any {@link dev.loupe.explain.synthesis.Objective} (class logit or log-probability, neuron,
 *       channel, layer norm), with SGD or Adam ({@link dev.loupe.explain.synthesis.Optimizer}), a
 *       {@link dev.loupe.explain.synthesis.Start} image and the DeepVis
 *       {@link dev.loupe.explain.synthesis.Regularizer}s (Yosinski et al., 2015); the result is a
 *       {@link dev.loupe.explain.synthesis.Synthesis} with its trajectory.</li>
 *   <li>{@link dev.loupe.explain.synthesis.DeepDream} with {@link dev.loupe.explain.synthesis.DreamConfig}:
 *       Mordvintsev et al.'s DeepDream with octaves and jitter.</li>
 * </ul>
 */
package dev.loupe.explain.synthesis;
