/**
 * Perturbation methods: explain a prediction by changing the input and watching the score.
 *
 * <ul>
 *   <li>{@link dev.loupe.explain.perturbation.Occlusion}: occlusion sensitivity (Zeiler &amp; Fergus, 2014) as
 *       Captum computes it, Zeiler &amp; Fergus's probability map and the data of their figure strip
 *       ({@link dev.loupe.explain.perturbation.OcclusionStrip}); registered as {@code occlusion}.</li>
 *   <li>{@link dev.loupe.explain.perturbation.OcclusionConfig}, {@link dev.loupe.explain.perturbation.Extent},
 *       {@link dev.loupe.explain.perturbation.Fill} and {@link dev.loupe.explain.perturbation.OcclusionOutput}: its
 *       settings (window and stride per dimension, constant / mean / blur / noise fill, logit drop or probability).
 *   </li>
 *   <li>{@link dev.loupe.explain.perturbation.OccludedEvaluator}: evaluates many occluded images in batches,
 *       recomputing only the receptive field of the occluder through the first local layers of any graph.</li>
 * </ul>
 */
package dev.loupe.explain.perturbation;
