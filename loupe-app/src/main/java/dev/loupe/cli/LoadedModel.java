package dev.loupe.cli;

import dev.loupe.data.Normalization;
import dev.loupe.nn.Model;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A model ready to use from the command line: the network, its class names and the input normalization it was
 * trained with (kept in the model file's provenance under {@code normalization.mean} / {@code normalization.std}).
 *
 * @param model         the network
 * @param classNames    one name per output
 * @param normalization maps [0, 1] pixels to the model's input
 * @param provenance    the model file's provenance (empty for a freshly initialised architecture)
 * @param source        where it came from, for messages
 */
public record LoadedModel(Model model, List<String> classNames, Normalization normalization,
                          Map<String, String> provenance, String source) {
    /** Provenance key of the normalization means. */
    public static final String MEAN_KEY = "normalization.mean";
    /** Provenance key of the normalization standard deviations. */
    public static final String STD_KEY = "normalization.std";

    public LoadedModel {
        classNames = List.copyOf(classNames);
        provenance = Map.copyOf(provenance);
    }

    /** Default class names {@code 0..k-1}. */
    public static List<String> numberedClasses(int k) {
        return IntStream.range(0, k).mapToObj(Integer::toString).toList();
    }

    /** The normalization stored in a provenance map, or {@code fallback}. */
    public static Normalization normalizationOf(Map<String, String> provenance, Normalization fallback) {
        String mean = provenance.get(MEAN_KEY), std = provenance.get(STD_KEY);
        if (mean == null || std == null) {
            return fallback;
        }
        return new Normalization(parse(mean), parse(std));
    }

    /** The provenance entries that record a normalization. */
    public static Map<String, String> provenanceOf(Normalization n) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(MEAN_KEY, join(n.mean()));
        map.put(STD_KEY, join(n.std()));
        return map;
    }

    private static double[] parse(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    }

    private static String join(double[] v) {
        return Arrays.stream(v).mapToObj(Double::toString).collect(Collectors.joining(","));
    }
}
