package dev.loupe.nn;

/** An elementwise non-linearity. Explanation methods change how its backward step treats the signal. */
public sealed interface Activation extends Layer permits ReLU {
}
