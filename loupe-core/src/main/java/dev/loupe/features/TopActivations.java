package dev.loupe.features;

import dev.loupe.LoupeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The k strongest activations of every unit of some layers over a dataset: the search behind Zeiler &amp; Fergus's
 * top-9 figures ("Visualizing and Understanding Convolutional Networks", ECCV 2014, Fig. 2). An immutable value.
 *
 * @param dataset  the name of the dataset searched
 * @param images   how many images were searched
 * @param k        how many activations were kept per unit
 * @param byLayer  per layer, per unit, the kept activations strongest first (fewer than k only for an empty unit)
 */
public record TopActivations(String dataset, int images, int k, Map<String, List<List<StrongActivation>>> byLayer) {
    public TopActivations {
        Map<String, List<List<StrongActivation>>> copy = new LinkedHashMap<>();
        byLayer.forEach((layer, units) -> {
            List<List<StrongActivation>> u = new ArrayList<>();
            units.forEach(list -> u.add(List.copyOf(list)));
            copy.put(layer, List.copyOf(u));
        });
        byLayer = java.util.Collections.unmodifiableMap(copy);
    }

    /** The searched layers, in the order asked for. */
    public List<String> layers() {
        return List.copyOf(byLayer.keySet());
    }

    /** The number of units of a searched layer. */
    public int units(String layer) {
        return unitList(layer).size();
    }

    /**
     * The strongest activations of one unit, strongest first.
     *
     * @throws LoupeException for a layer that was not searched or a unit that does not exist
     */
    public List<StrongActivation> of(String layer, int unit) {
        List<List<StrongActivation>> units = unitList(layer);
        if (unit < 0 || unit >= units.size()) {
            throw new LoupeException("unit " + unit + " does not exist in layer " + layer + ", which has "
                    + units.size() + " units (0.." + (units.size() - 1) + ")");
        }
        return units.get(unit);
    }

    private List<List<StrongActivation>> unitList(String layer) {
        List<List<StrongActivation>> units = byLayer.get(layer);
        if (units == null) {
            throw new LoupeException("layer " + layer + " was not searched; searched layers are: "
                    + String.join(", ", byLayer.keySet()));
        }
        return units;
    }
}
