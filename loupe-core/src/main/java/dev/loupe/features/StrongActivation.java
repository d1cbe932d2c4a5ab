package dev.loupe.features;

/**
 * One of a unit's strongest activations: the unit's value on one image, the maximum over the positions of its
 * channel.
 *
 * @param image index of the image in the dataset
 * @param value the activation, the channel's maximum on that image
 * @param y     row of the maximum in the layer's output (the first maximum in row-major order; 0 for a dense layer)
 * @param x     column of the maximum (0 for a dense layer)
 */
public record StrongActivation(int image, float value, int y, int x) {
    /**
     * Orders activations from strongest to weakest: higher value first ({@link Float#compare} order), then the
     * lower dataset index on ties.
     */
    public static int strongestFirst(StrongActivation a, StrongActivation b) {
        int c = Float.compare(b.value, a.value);
        return c != 0 ? c : Integer.compare(a.image, b.image);
    }
}
