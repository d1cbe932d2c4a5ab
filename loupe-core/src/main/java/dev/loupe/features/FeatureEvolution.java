package dev.loupe.features;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * How features form during training (Zeiler &amp; Fergus, ECCV 2014, Sec. 4.2, Fig. 4): for each training snapshot
 * and each unit of a layer, the strongest activation over a fixed set of training images, projected to pixel space.
 * Also the simpler view of the seed work: the feature maps of one fixed image at each snapshot.
 */
public final class FeatureEvolution {
    private FeatureEvolution() {
    }

    /**
     * The grid of Fig. 4 for one layer: snapshots across, units down.
     *
     * @param layer  the layer
     * @param labels the snapshots' labels, one per column
     * @param cells  {@code cells.get(snapshot).get(unit)}: the unit's strongest activation at that snapshot, its patch
     *               and its projection (a one-entry {@link UnitPatches})
     */
    public record Grid(String layer, List<String> labels, List<List<UnitPatches>> cells) {
        public Grid {
            labels = List.copyOf(labels);
            cells = cells.stream().map(List::copyOf).toList();
        }

        /** The cell of one unit at one snapshot. */
        public UnitPatches cell(int snapshot, int unit) {
            return cells.get(snapshot).get(unit);
        }
    }

    /**
     * The feature maps of one fixed image at each snapshot.
     *
     * @param layer  the layer
     * @param labels the snapshots' labels
     * @param maps   per snapshot, the layer's output for the image, {@code [C, h, w]}
     */
    public record FeatureMaps(String layer, List<String> labels, List<Tensor> maps) {
        public FeatureMaps {
            labels = List.copyOf(labels);
            maps = List.copyOf(maps);
        }
    }

    /**
     * Builds the grid: at every snapshot, a top-1 search over {@code images} for every unit of {@code layer}, then
     * the projection of that activation (DeconvNet rules for Zeiler &amp; Fergus's figure).
     *
     * @throws LoupeException for no snapshots, or a layer missing from a snapshot
     */
    public static Grid strongest(List<Snapshot> snapshots, Dataset images, String layer,
                                 ActivationProjection projection, int batchSize, ProgressListener listener) {
        requireSnapshots(snapshots, layer);
        List<List<UnitPatches>> cells = new ArrayList<>();
        int total = snapshots.size() * images.size(), done = 0;
        for (Snapshot s : snapshots) {
            int offset = done;
            TopActivations top = new TopActivationSearch(List.of(layer), 1, batchSize).run(s.model(), images,
                    projection.preprocess(), projection.parallel(), (d, t) -> listener.onProgress(offset + d, total));
            cells.add(TopPatches.of(s.model(), images, top, layer, projection));
            done += images.size();
        }
        return new Grid(layer, snapshots.stream().map(Snapshot::label).toList(), cells);
    }

    /**
     * The feature maps of {@code image [1, C, H, W]} (in [0, 1]) at every snapshot.
     *
     * @throws LoupeException for no snapshots, or a layer missing from a snapshot
     */
    public static FeatureMaps featureMaps(List<Snapshot> snapshots, Tensor image, String layer,
                                          java.util.function.UnaryOperator<Tensor> preprocess, Parallel parallel) {
        requireSnapshots(snapshots, layer);
        if (image.rank() != 4 || image.dim(0) != 1) {
            throw new IllegalArgumentException("one image [1, C, H, W] expected, got " + image.shapeString());
        }
        List<Tensor> maps = new ArrayList<>();
        for (Snapshot s : snapshots) {
            Model net = FeatureLayers.prefix(s.model(), List.of(layer));
            Tensor out = net.forward(preprocess.apply(image), ForwardOptions.prediction(parallel)).activation(layer);
            int[] shape = out.shape();
            maps.add(out.reshape(java.util.Arrays.copyOfRange(shape, 1, shape.length)));
        }
        return new FeatureMaps(layer, snapshots.stream().map(Snapshot::label).toList(), maps);
    }

    private static void requireSnapshots(List<Snapshot> snapshots, String layer) {
        if (snapshots.isEmpty()) {
            throw new LoupeException("no training snapshots given");
        }
        for (Snapshot s : snapshots) {
            if (!s.model().has(layer)) {
                throw new LoupeException("snapshot '" + s.label() + "' has no layer named '" + layer
                        + "'; layers are: " + String.join(", ", s.model().nodeNames()));
            }
            FeatureLayers.require(s.model(), List.of(layer));
        }
    }
}
