/**
 * Class activation maps on any spatial layer (default: the last convolution's output): Grad-CAM, Grad-CAM++,
 * Score-CAM and guided Grad-CAM (which composes guided backprop and Grad-CAM on one trace), resized to the input
 * with PyTorch's {@link dev.loupe.explain.cam.Interpolation} rules.
 */
package dev.loupe.explain.cam;
