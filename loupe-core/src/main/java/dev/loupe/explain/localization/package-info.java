/**
 * Weakly supervised localization from saliency maps (Simonyan et al., 2014, Sec. 3.1):
 * {@link dev.loupe.explain.localization.SaliencyLocalizer} thresholds a map
 * ({@link dev.loupe.explain.localization.Threshold}) and keeps the largest connected component
 * ({@link dev.loupe.explain.localization.Connectivity}), giving a
 * {@link dev.loupe.explain.localization.Localization} with its {@link dev.loupe.explain.localization.BoundingBox};
 * {@link dev.loupe.explain.localization.InkBox} and {@link dev.loupe.explain.localization.LocalizationScore} measure
 * it against the ink of digits (mean IoU).
 */
package dev.loupe.explain.localization;
