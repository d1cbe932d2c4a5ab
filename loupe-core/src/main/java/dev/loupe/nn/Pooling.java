package dev.loupe.nn;

/** A spatial pooling layer. */
public sealed interface Pooling extends Layer permits MaxPool2d, AvgPool2d, GlobalAvgPool {
}
