package dev.loupe.io.onnx;

import dev.loupe.LoupeException;

/** Typed reads of a node's attributes, with ONNX's defaults when an attribute is absent. */
final class NodeAttributes {
    private NodeAttributes() {
    }

    /** An INT attribute that fits an {@code int}. */
    static int integer(OnnxNode node, String name, int fallback) {
        OnnxAttribute a = node.attributes().get(name);
        return a == null ? fallback : toInt(node, name, a.i());
    }

    /** A FLOAT attribute. */
    static double real(OnnxNode node, String name, double fallback) {
        OnnxAttribute a = node.attributes().get(name);
        return a == null ? fallback : a.f();
    }

    /** A STRING attribute. */
    static String string(OnnxNode node, String name, String fallback) {
        OnnxAttribute a = node.attributes().get(name);
        return a == null ? fallback : a.s();
    }

    /** An INTS attribute whose values fit {@code int}s ({@code fallback}, possibly null, when absent). */
    static int[] ints(OnnxNode node, String name, int[] fallback) {
        OnnxAttribute a = node.attributes().get(name);
        if (a == null) {
            return fallback;
        }
        int[] out = new int[a.ints().length];
        for (int k = 0; k < out.length; k++) {
            out[k] = toInt(node, name, a.ints()[k]);
        }
        return out;
    }

    private static int toInt(OnnxNode node, String name, long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new LoupeException(node.opType() + " node '" + node.name() + "' has an out-of-range " + name + " "
                    + v);
        }
        return (int) v;
    }
}
