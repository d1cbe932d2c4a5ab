package dev.loupe.explain.localization;

/** Which neighbours join pixels into one connected component. */
public enum Connectivity {
    /** Up, down, left, right. */
    FOUR,
    /** The four sides and the four corners. */
    EIGHT
}
