package dev.loupe.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.LoupeException;
import java.nio.file.Path;

/**
 * Typed access to manifest fields with one-line errors that say where the problem is ({@code where} is a
 * human-readable location such as {@code layer 'conv1' of model 'seednet'}).
 */
final class ManifestFields {
    private ManifestFields() {
    }

    static JsonNode required(JsonNode node, String field, String where) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            throw new LoupeException(where + ": missing field '" + field + "'");
        }
        return v;
    }

    static String text(JsonNode node, String field, String where) {
        JsonNode v = required(node, field, where);
        if (!v.isTextual()) {
            throw new LoupeException(where + ": field '" + field + "' must be a string, got " + v);
        }
        return v.asText();
    }

    static int integer(JsonNode node, String field, String where) {
        return asInt(required(node, field, where), field, where);
    }

    static int integer(JsonNode node, String field, int fallback, String where) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : asInt(v, field, where);
    }

    static double number(JsonNode node, String field, double fallback, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new LoupeException(where + ": field '" + field + "' must be a number, got " + v);
        }
        return v.asDouble();
    }

    static boolean bool(JsonNode node, String field, boolean fallback, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new LoupeException(where + ": field '" + field + "' must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    /** A {@code [rows, cols]} pair, also accepting a single integer for both (as PyTorch does). */
    static int[] pair(JsonNode node, String field, int[] fallback, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new LoupeException(where + ": missing field '" + field + "'");
            }
            return fallback.clone();
        }
        if (v.isArray()) {
            if (v.size() != 2) {
                throw new LoupeException(where + ": field '" + field + "' must have 2 values (rows, cols), got " + v);
            }
            return new int[] {asInt(v.get(0), field, where), asInt(v.get(1), field, where)};
        }
        int k = asInt(v, field, where);
        return new int[] {k, k};
    }

    static int[] intArray(JsonNode node, String field, String where) {
        JsonNode v = required(node, field, where);
        if (!v.isArray()) {
            throw new LoupeException(where + ": field '" + field + "' must be a list of integers, got " + v);
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asInt(v.get(i), field, where);
        }
        return out;
    }

    /** A {@code {"file": ..., "shape": [...], "dtype": "float32"}} entry, its file resolved against {@code root}. */
    static TensorFile tensorFile(JsonNode node, Path root, String where) {
        if (node == null || !node.isObject()) {
            throw new LoupeException(where + ": expected an object with 'file' and 'shape', got " + node);
        }
        JsonNode dtype = node.get("dtype");
        if (dtype != null && !"float32".equals(dtype.asText())) {
            throw new LoupeException(where + ": only float32 tensors are supported, got dtype " + dtype.asText());
        }
        return new TensorFile(root.resolve(text(node, "file", where)), intArray(node, "shape", where));
    }

    private static int asInt(JsonNode v, String field, String where) {
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new LoupeException(where + ": field '" + field + "' must be an integer, got " + v);
        }
        return v.asInt();
    }
}
