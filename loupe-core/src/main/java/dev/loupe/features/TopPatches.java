package dev.loupe.features;

import dev.loupe.data.Dataset;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link TopActivations} search into the panels of Zeiler &amp; Fergus's Fig. 2: for every unit, the patches
 * behind its strongest activations and their projections to pixel space ({@link ActivationProjection} with DeconvNet
 * rules), cropped to the unit's receptive field.
 */
public final class TopPatches {
    private TopPatches() {
    }

    /** The panels of every unit of {@code layer}. */
    public static List<UnitPatches> of(Model model, Dataset dataset, TopActivations top, String layer,
                                       ActivationProjection projection) {
        List<UnitPatches> out = new ArrayList<>();
        for (int unit = 0; unit < top.units(layer); unit++) {
            out.add(of(model, dataset, top, layer, unit, projection));
        }
        return out;
    }

    /**
     * The panel of one unit.
     *
     * @throws dev.loupe.LoupeException for a layer that was not searched or a unit that does not exist
     */
    public static UnitPatches of(Model model, Dataset dataset, TopActivations top, String layer, int unit,
                                 ActivationProjection projection) {
        List<StrongActivation> acts = top.of(layer, unit);
        return build(model, dataset, layer, unit, acts, projection);
    }

    /** The panel of the given activations of one unit (images are dataset indices). */
    static UnitPatches build(Model model, Dataset dataset, String layer, int unit, List<StrongActivation> acts,
                             ActivationProjection projection) {
        int[] indices = acts.stream().mapToInt(StrongActivation::image).toArray();
        Tensor images = dataset.batch(indices);
        List<ActivationProjection.Site> sites = acts.stream()
                .map(a -> new ActivationProjection.Site(unit, a.y(), a.x())).toList();
        Tensor projected = projection.project(model, images, layer, sites);
        ReceptiveFields fields = ReceptiveFields.of(model);
        List<PatchRegion> regions = new ArrayList<>();
        List<Tensor> patches = new ArrayList<>(), projections = new ArrayList<>();
        for (int i = 0; i < acts.size(); i++) {
            PatchRegion r = fields.region(layer, acts.get(i).y(), acts.get(i).x());
            regions.add(r);
            patches.add(r.cropPadded(images.item(i), 0f));
            projections.add(r.cropPadded(projected.item(i), 0f));
        }
        return new UnitPatches(layer, unit, acts, regions, patches, projections);
    }
}
