package dev.loupe.data;

import dev.loupe.LoupeException;
import java.util.Locale;

/** Which part of a dataset: the images to learn from or the held-out images to evaluate on. */
public enum Split {
    /** The training images (60,000 for MNIST and Fashion-MNIST). */
    TRAIN,
    /** The held-out test images (10,000 for MNIST and Fashion-MNIST). */
    TEST;

    /** The lower-case name used on the command line and in dataset names: {@code train} or {@code test}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code train} or {@code test} (any case).
     *
     * @throws LoupeException for any other text
     */
    public static Split parse(String text) {
        for (Split s : values()) {
            if (s.id().equalsIgnoreCase(text.strip())) {
                return s;
            }
        }
        throw new LoupeException("unknown split '" + text + "': use train or test");
    }
}
