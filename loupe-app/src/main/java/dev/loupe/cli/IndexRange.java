package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;

/**
 * A half-open range of dataset indices written {@code FROM:TO} (either side may be empty: {@code :8000},
 * {@code 8000:}).
 *
 * @param from first index, or null for 0
 * @param to   end index (exclusive), or null for the dataset size
 */
record IndexRange(Integer from, Integer to) {
    static final IndexRange ALL = new IndexRange(null, null);

    /** Parses {@code FROM:TO}. */
    static IndexRange parse(String text) {
        String[] p = text.split(":", -1);
        if (p.length != 2) {
            throw new LoupeException("range '" + text + "' must look like FROM:TO, e.g. 0:8000 or 8000:");
        }
        try {
            return new IndexRange(p[0].isBlank() ? null : Integer.valueOf(p[0].trim()),
                    p[1].isBlank() ? null : Integer.valueOf(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new LoupeException("range '" + text + "' must look like FROM:TO, e.g. 0:8000 or 8000:");
        }
    }

    /** The images of {@code d} in this range. */
    Dataset of(Dataset d) {
        return TrainingRun.range(d, from, to);
    }
}
