/**
 * Modified backpropagation: DeconvNet (Zeiler &amp; Fergus 2014) and guided backprop (Springenberg et al. 2015) are
 * rule maps ({@link dev.loupe.explain.propagation.ReLUOverride}) that change only the ReLU's backward rule, walked by
 * the shared {@link dev.loupe.explain.Propagation}; {@link dev.loupe.explain.propagation.ModifiedBackprop} explains
 * classes, single activations, whole feature maps or whole layers with them.
 */
package dev.loupe.explain.propagation;
