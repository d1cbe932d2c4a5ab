package dev.loupe.render;

/** How opaque an {@link Overlay}'s heatmap is at each pixel, as a fraction of the overlay's alpha. */
public enum Opacity {
    /** The same alpha everywhere: the whole input is tinted. */
    UNIFORM,
    /**
     * Alpha scaled by the value's distance from "nothing": {@code |2t - 1|} for a diverging colormap (zero relevance is
     * fully transparent, so the input shows through where the explanation is silent), {@code t} for a sequential one.
     */
    BY_MAGNITUDE
}
