package dev.loupe.explain.synthesis;

import dev.loupe.LoupeException;
import java.util.Objects;

/**
 * The settings of DeepDream (Mordvintsev, Olah &amp; Tyka, "Inceptionism: Going Deeper into Neural Networks", 2015).
 *
 * @param layer          the layer whose activations are amplified; it must have spatial extent {@code [C, H, W]}
 * @param channel        one channel of it, or −1 for all channels
 * @param octaves        number of scales (≥ 1); octave k works at {@code size / scale^(octaves−1−k)}
 * @param octaveScale    size ratio between successive octaves (≥ 1)
 * @param stepsPerOctave ascent steps per octave (≥ 1)
 * @param stepSize       each step moves the image by {@code stepSize · g / mean|g|} (&gt; 0)
 * @param jitter         random circular shift of up to this many pixels per step (≥ 0)
 * @param seed           seed of the jitter
 */
public record DreamConfig(String layer, int channel, int octaves, double octaveScale, int stepsPerOctave,
                          double stepSize, int jitter, long seed) {
    public DreamConfig {
        Objects.requireNonNull(layer, "layer");
        if (channel < -1) {
            throw new LoupeException("DeepDream channel must be −1 (all) or a channel index, got " + channel);
        }
        if (octaves < 1 || !(octaveScale >= 1) || stepsPerOctave < 1) {
            throw new LoupeException("DeepDream needs octaves ≥ 1, octave scale ≥ 1 and steps ≥ 1, got " + octaves
                    + ", " + octaveScale + ", " + stepsPerOctave);
        }
        if (!(stepSize > 0) || jitter < 0) {
            throw new LoupeException("DeepDream needs a positive step size and a non-negative jitter, got "
                    + stepSize + ", " + jitter);
        }
    }

    /** Amplify the whole layer: 3 octaves of ratio 1.4, 10 steps of 0.05 per octave, jitter 1. */
    public static DreamConfig of(String layer) {
        return new DreamConfig(layer, -1, 3, 1.4, 10, 0.05, 1, 0);
    }

    /** The same settings for one channel. */
    public DreamConfig withChannel(int c) {
        return new DreamConfig(layer, c, octaves, octaveScale, stepsPerOctave, stepSize, jitter, seed);
    }
}
