package dev.loupe.io;

import dev.loupe.nn.Model;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model file holds: the model, how it was made and what its outputs mean.
 *
 * @param model      the network with its parameters
 * @param provenance key/value facts about its training (dataset, epochs, seed, accuracy, date, loupe version…),
 *                   in the order they were saved
 * @param classNames one name per output, or empty when the file has none
 */
public record SavedModel(Model model, Map<String, String> provenance, List<String> classNames) {
    public SavedModel {
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        classNames = List.copyOf(classNames);
    }
}
