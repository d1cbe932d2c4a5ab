package dev.loupe.features;

import dev.loupe.LoupeException;
import java.util.Arrays;

/**
 * The transformations of Zeiler &amp; Fergus's invariance study (ECCV 2014, Sec. 4.3, Fig. 5), each swept over a
 * range of values.
 *
 * @param transformation what changes
 * @param values         the values of the sweep, in order (pixels, degrees or factors); at least one
 */
public record InvarianceSweep(Transformation transformation, double[] values) {

    /** What changes, and in which unit. */
    public enum Transformation {
        /** Vertical translation in pixels (down is positive), as in Zeiler &amp; Fergus's Fig. 5. */
        TRANSLATION("pixels"),
        /** Rotation in degrees, counter-clockwise. */
        ROTATION("degrees"),
        /** Scaling by a factor. */
        SCALE("factor");

        private final String unit;

        Transformation(String unit) {
            this.unit = unit;
        }

        /** The unit of the swept value. */
        public String unit() {
            return unit;
        }

        /** The lower-case name, such as {@code translation}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The image transform for one value. */
        public ImageTransform at(double value) {
            return switch (this) {
                case TRANSLATION -> new ImageTransform.Translation(value, 0);
                case ROTATION -> new ImageTransform.Rotation(value);
                case SCALE -> new ImageTransform.Scaling(value);
            };
        }
    }

    public InvarianceSweep {
        values = values.clone();
        if (values.length == 0) {
            throw new LoupeException("the " + transformation.id() + " range is empty: give at least one value");
        }
        for (double v : values) {
            if (!Double.isFinite(v) || transformation == Transformation.SCALE && !(v > 0)) {
                throw new LoupeException("bad " + transformation.id() + " value " + v
                        + (transformation == Transformation.SCALE ? ": scale factors must be positive" : ""));
            }
        }
    }

    /**
     * The values {@code from, from + step, …} up to {@code to} inclusive (with a tolerance of a millionth of a step).
     *
     * @throws LoupeException when the range is empty or the step is not positive
     */
    public static InvarianceSweep range(Transformation transformation, double from, double to, double step) {
        if (!(step > 0) || !Double.isFinite(from) || !Double.isFinite(to)) {
            throw new LoupeException("the " + transformation.id() + " range needs a positive step, got " + step);
        }
        if (from > to) {
            throw new LoupeException("the " + transformation.id() + " range " + from + ".." + to + " is empty");
        }
        int count = (int) Math.floor((to - from) / step + 1e-6) + 1;
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = from + i * step;
        }
        return new InvarianceSweep(transformation, v);
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InvarianceSweep s && s.transformation == transformation && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return transformation.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "InvarianceSweep[" + transformation.id() + " " + Arrays.toString(values) + "]";
    }
}
