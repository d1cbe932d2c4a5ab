package dev.loupe.cli;

import dev.loupe.LoupeException;
import java.util.Arrays;

/** Checks that images fit a model before anything runs, with a message that names both sizes. */
final class InputCheck {
    private InputCheck() {
    }

    static void requireFits(LoadedModel m, int channels, int height, int width, String what) {
        int[] s = m.model().inputShape();
        if (s[0] != channels || s[1] != height || s[2] != width) {
            throw new LoupeException(what + ": images are " + channels + "x" + height + "x" + width + " but the model "
                    + m.source() + " takes " + String.join("x", Arrays.stream(s).mapToObj(Integer::toString).toList()));
        }
    }
}
