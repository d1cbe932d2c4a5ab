package dev.loupe.explain.perturbation;

import dev.loupe.LoupeException;
import java.util.Arrays;

/** What occlusion records for each occluder position. */
public enum OcclusionOutput {
    /** Original target logit minus the occluded one (Captum's {@code Occlusion}). */
    DROP("drop"),
    /** The target class probability of the occluded image (Zeiler &amp; Fergus, 2014, Fig. 7d). */
    PROBABILITY("probability"),
    /** Original target probability minus the occluded one. */
    PROBABILITY_DROP("probability-drop");

    private final String key;

    OcclusionOutput(String key) {
        this.key = key;
    }

    /** The parameter value naming this output. */
    public String key() {
        return key;
    }

    /** Parses a parameter value. */
    public static OcclusionOutput parse(String text) {
        for (OcclusionOutput o : values()) {
            if (o.key.equals(text)) {
                return o;
            }
        }
        throw new LoupeException("occlusion output must be one of "
                + String.join(", ", Arrays.stream(values()).map(OcclusionOutput::key).toList()) + ", got '" + text
                + "'");
    }

    /**
     * The recorded value for one occluded image, from the original and occluded logit and probability of the target.
     */
    double value(double originalLogit, double occludedLogit, double originalProbability, double occludedProbability) {
        return switch (this) {
            case DROP -> originalLogit - occludedLogit;
            case PROBABILITY -> occludedProbability;
            case PROBABILITY_DROP -> originalProbability - occludedProbability;
        };
    }
}
