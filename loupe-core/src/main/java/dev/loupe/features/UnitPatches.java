package dev.loupe.features;

import dev.loupe.tensor.Tensor;
import java.util.List;

/**
 * The data of one unit's panel in Zeiler &amp; Fergus's Fig. 2: its strongest activations, the image patch behind
 * each (its receptive field, padded with 0 where it sticks out of the image so that all patches of a layer have one
 * size) and each activation's projection to pixel space cropped the same way. The figure shows the k projections in a
 * grid beside the k patches.
 *
 * @param layer       the layer
 * @param unit        the unit (channel)
 * @param activations the strongest activations, strongest first
 * @param regions     where each patch lies in its image
 * @param patches     per activation, the input patch {@code [C, size, size]}, pixels in [0, 1]
 * @param projections per activation, the projection cropped like the patch {@code [C, size, size]}
 */
public record UnitPatches(String layer, int unit, List<StrongActivation> activations, List<PatchRegion> regions,
                          List<Tensor> patches, List<Tensor> projections) {
    public UnitPatches {
        activations = List.copyOf(activations);
        regions = List.copyOf(regions);
        patches = List.copyOf(patches);
        projections = List.copyOf(projections);
        if (regions.size() != activations.size() || patches.size() != activations.size()
                || projections.size() != activations.size()) {
            throw new IllegalArgumentException("one region, patch and projection per activation needed");
        }
    }
}
