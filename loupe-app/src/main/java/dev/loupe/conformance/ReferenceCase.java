package dev.loupe.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of a reference set: a method run on a model's input batch, with the expected outputs.
 *
 * @param id              unique id, such as {@code seednet/saliency_abs}
 * @param model           the model's key in the manifest
 * @param method          the method name that selects a {@link CaseHandler}, such as {@code saliency}
 * @param library         the peer library that produced the expected values
 * @param input           the input batch {@code [N, C, H, W]}
 * @param targets         the target class of each image
 * @param hyperparameters every hyper-parameter of the case, as given (an object node, possibly empty)
 * @param outputs         the expected outputs by name, in manifest order
 * @param auxInputs       auxiliary inputs by name (noise samples, relevance seeds), in manifest order
 * @param entry           the whole manifest entry
 */
public record ReferenceCase(String id, String model, String method, String library, TensorFile input,
                            List<Integer> targets, JsonNode hyperparameters, Map<String, ExpectedOutput> outputs,
                            Map<String, TensorFile> auxInputs, JsonNode entry) {
    public ReferenceCase {
        targets = List.copyOf(targets);
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        auxInputs = Collections.unmodifiableMap(new LinkedHashMap<>(auxInputs));
    }

    /** The targets as an array, one per image. */
    public int[] targetArray() {
        return targets.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Reads the input batch. */
    public Tensor loadInput() {
        return input.load();
    }

    /**
     * Reads the named auxiliary input.
     *
     * @throws LoupeException when the case has no such auxiliary input
     */
    public Tensor loadAux(String name) {
        TensorFile f = auxInputs.get(name);
        if (f == null) {
            throw new LoupeException("case " + id + " has no auxiliary input '" + name + "'; it has " + auxInputs.keySet());
        }
        return f.load();
    }

    /**
     * The named hyper-parameter.
     *
     * @throws LoupeException when it is missing
     */
    public JsonNode hyperparameter(String name) {
        JsonNode v = hyperparameters.get(name);
        if (v == null) {
            throw new LoupeException("case " + id + " has no hyper-parameter '" + name + "'");
        }
        return v;
    }

    /** The named numeric hyper-parameter. */
    public double number(String name) {
        JsonNode v = hyperparameter(name);
        if (!v.isNumber()) {
            throw new LoupeException("case " + id + ": hyper-parameter '" + name + "' must be a number, got " + v);
        }
        return v.asDouble();
    }

    /** The named integer hyper-parameter. */
    public int integer(String name) {
        JsonNode v = hyperparameter(name);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new LoupeException("case " + id + ": hyper-parameter '" + name + "' must be an integer, got " + v);
        }
        return v.asInt();
    }

    /** The named string hyper-parameter. */
    public String text(String name) {
        JsonNode v = hyperparameter(name);
        if (!v.isTextual()) {
            throw new LoupeException("case " + id + ": hyper-parameter '" + name + "' must be a string, got " + v);
        }
        return v.asText();
    }

    /** The named boolean hyper-parameter. */
    public boolean flag(String name) {
        JsonNode v = hyperparameter(name);
        if (!v.isBoolean()) {
            throw new LoupeException("case " + id + ": hyper-parameter '" + name + "' must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    /** The hyper-parameters as plain Java values (maps, lists, strings, numbers, booleans). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> hyperparameterMap() {
        return new ObjectMapper().convertValue(hyperparameters, Map.class);
    }
}
