/**
 * Gradient methods: {@link dev.loupe.explain.gradient.Saliency} (Simonyan et al. 2014),
 * {@link dev.loupe.explain.gradient.GradientTimesInput} and {@link dev.loupe.explain.gradient.IntegratedGradients}
 * (Sundararajan et al. 2017) with its {@link dev.loupe.explain.gradient.Quadrature} rules and
 * {@link dev.loupe.explain.gradient.Baseline}s. Each is the plain gradient walk of
 * {@link dev.loupe.explain.Propagation}; conventions follow Captum, so results match it to float precision.
 */
package dev.loupe.explain.gradient;
