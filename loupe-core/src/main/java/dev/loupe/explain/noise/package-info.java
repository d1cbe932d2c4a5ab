/**
 * Noise averaging around any explainer: {@link dev.loupe.explain.noise.NoiseTunnel} (SmoothGrad, SmoothGrad²,
 * VarGrad) with seeded or replayed {@link dev.loupe.explain.noise.NoiseSource}s. The wrapped method is composed, not
 * copied, as in Captum's {@code NoiseTunnel}.
 */
package dev.loupe.explain.noise;
