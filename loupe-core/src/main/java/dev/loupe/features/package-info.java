/**
 * What each unit of a network learned, after Zeiler &amp; Fergus, "Visualizing and Understanding Convolutional
 * Networks" (ECCV 2014).
 *
 * <ul>
 *   <li>{@link dev.loupe.features.ReceptiveFields}: the exact input region behind every unit of any model graph, and
 *       the patch crops ({@link dev.loupe.features.PatchRegion}).</li>
 *   <li>{@link dev.loupe.features.TopActivationSearch}: the k strongest activations of every unit in one streaming
 *       pass ({@link dev.loupe.features.TopActivations}); {@link dev.loupe.features.TopPatches} turns them into the
 *       patches and pixel-space projections ({@link dev.loupe.features.ActivationProjection}, DeconvNet rules) of
 *       Fig. 2.</li>
 *   <li>{@link dev.loupe.features.FeatureEvolution}: the strongest projection of every unit at each training
 *       {@link dev.loupe.features.Snapshot} (Fig. 4), and feature maps of a fixed image.</li>
 *   <li>{@link dev.loupe.features.Invariance}: feature distances and class probability under translation, rotation
 *       and scaling (Fig. 5), with {@link dev.loupe.features.InvarianceCurves#writeCsv}.</li>
 *   <li>{@link dev.loupe.features.Correspondence}: the sign-change score of masked parts (Table 7).</li>
 *   <li>{@link dev.loupe.features.FilterBank}, {@link dev.loupe.features.FilterSpectrum} and
 *       {@link dev.loupe.features.ActivationHealth}: first-layer filters, their frequency content, dead units and
 *       sparsity.</li>
 *   <li>{@link dev.loupe.features.FeatureFigures}: the figures, drawn with {@link dev.loupe.render.Mosaic}.</li>
 * </ul>
 * Nothing here modifies a model; bad layer names, units, ranges and sizes raise one-line
 * {@link dev.loupe.LoupeException}s.
 */
package dev.loupe.features;
