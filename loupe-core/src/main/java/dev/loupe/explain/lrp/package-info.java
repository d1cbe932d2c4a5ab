/**
 * Layer-wise Relevance Propagation (Bach et al., 2015, "On pixel-wise explanations for non-linear classifier
 * decisions by layer-wise relevance propagation"; Montavon et al., 2019, "Layer-wise relevance propagation: an
 * overview").
 *
 * <p>LRP is the ordinary backward walk of {@link dev.loupe.nn.Model#backward} with relevance rules in place of the
 * gradient. Rules are small immutable records ({@link Epsilon}, {@link Gamma}, {@link ZPlus}, {@link AlphaBeta},
 * {@link ZBox}, {@link Flat}, {@link WSquare}, {@link ZRule}; {@link Pass} and {@link Norm} for the parameter-free
 * layers), written once for convolutions and dense layers through {@link dev.loupe.nn.LinearLayer}. A
 * {@link Composite} maps layer names and kinds to rules; {@link EpsilonPlus}, {@link EpsilonPlusFlat},
 * {@link EpsilonGammaBox}, {@link EpsilonAlpha2Beta1} and {@link EpsilonAlpha2Beta1Flat} are Zennit's named
 * composites with Zennit's defaults. {@link MergeBatchNorm} folds batch normalisation into the preceding
 * convolution, {@link RuleText} reads a composite from a short text (the reference manifest's {@code rules}), and
 * {@link LrpExplainer} ties it together for the method registry ({@link LrpMethods}).
 */
package dev.loupe.explain.lrp;
