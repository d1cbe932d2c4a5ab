package dev.loupe.explain;

import java.util.List;

/**
 * One parameter of a method, as the CLI, the report and the web page show it.
 *
 * @param name         the key in {@code --param key=value}
 * @param type         the value type
 * @param defaultValue the default, as text
 * @param description  one short sentence
 * @param choices      the allowed values for {@link Type#CHOICE}, otherwise empty
 */
public record ParameterSpec(String name, Type type, String defaultValue, String description, List<String> choices) {
    /** Value types. */
    public enum Type { INT, DOUBLE, BOOLEAN, STRING, CHOICE, LAYER }

    public ParameterSpec {
        choices = List.copyOf(choices);
    }

    /** An integer parameter. */
    public static ParameterSpec integer(String name, int defaultValue, String description) {
        return new ParameterSpec(name, Type.INT, Integer.toString(defaultValue), description, List.of());
    }

    /** A real parameter. */
    public static ParameterSpec real(String name, double defaultValue, String description) {
        return new ParameterSpec(name, Type.DOUBLE, Double.toString(defaultValue), description, List.of());
    }

    /** A boolean parameter. */
    public static ParameterSpec flag(String name, boolean defaultValue, String description) {
        return new ParameterSpec(name, Type.BOOLEAN, Boolean.toString(defaultValue), description, List.of());
    }

    /** A choice among fixed values. */
    public static ParameterSpec choice(String name, String defaultValue, String description, String... choices) {
        return new ParameterSpec(name, Type.CHOICE, defaultValue, description, List.of(choices));
    }

    /** A layer name of the model; an empty default means "chosen by the method" (e.g. the last convolution). */
    public static ParameterSpec layer(String name, String defaultValue, String description) {
        return new ParameterSpec(name, Type.LAYER, defaultValue, description, List.of());
    }

    /** Free text. */
    public static ParameterSpec text(String name, String defaultValue, String description) {
        return new ParameterSpec(name, Type.STRING, defaultValue, description, List.of());
    }
}
