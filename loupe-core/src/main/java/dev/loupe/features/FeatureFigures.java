package dev.loupe.features;

import dev.loupe.LoupeException;
import dev.loupe.render.ImageConversion;
import dev.loupe.render.Mosaic;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the feature figures with {@link Mosaic}: Zeiler &amp; Fergus's top-k panels (Fig. 2), the evolution grid
 * (Fig. 4) and the first-layer filters (Fig. 6). Projections and filters are shown contrast-normalised per tile, as
 * in the paper: grey is zero, and the tile's largest magnitude is black or white.
 */
public final class FeatureFigures {
    private FeatureFigures() {
    }

    /**
     * One panel per unit: the grid of projections beside the grid of image patches, captioned with the unit.
     *
     * @param units        the units' panels, e.g. from {@link TopPatches#of}
     * @param unitsPerRow  panels per figure row
     * @param scale        nearest-neighbour enlargement of every patch
     */
    public static BufferedImage topPatches(List<UnitPatches> units, int unitsPerRow, int scale) {
        if (units.isEmpty()) {
            throw new LoupeException("no units to draw");
        }
        Mosaic.Builder figure = Mosaic.builder(2 * Math.max(1, unitsPerRow)).padding(4)
                .title(units.get(0).layer() + ": strongest activations, projections (left) and patches (right)");
        for (UnitPatches u : units) {
            int side = (int) Math.ceil(Math.sqrt(u.activations().size()));
            Mosaic.Builder projections = Mosaic.builder(side).scale(scale).padding(1);
            Mosaic.Builder patches = Mosaic.builder(side).scale(scale).padding(1);
            for (int i = 0; i < u.activations().size(); i++) {
                projections.add(ImageConversion.toImage(contrast(u.projections().get(i))));
                patches.add(ImageConversion.toImage(u.patches().get(i)));
            }
            figure.add(projections.build().render(), "unit " + u.unit());
            figure.add(patches.build().render(), "");
        }
        return figure.build().render();
    }

    /** The evolution grid: snapshots across, units down, each cell the projection of the unit's strongest activation. */
    public static BufferedImage evolution(FeatureEvolution.Grid grid, int scale) {
        int units = grid.cells().get(0).size();
        Mosaic.Builder figure = Mosaic.builder(grid.labels().size()).scale(scale).padding(2)
                .title(grid.layer() + ": strongest projection per unit during training")
                .columnLabels(grid.labels());
        List<String> rows = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            rows.add("unit " + u);
            for (int s = 0; s < grid.labels().size(); s++) {
                figure.add(ImageConversion.toImage(contrast(grid.cell(s, u).projections().get(0))));
            }
        }
        return figure.rowLabels(rows).build().render();
    }

    /**
     * The feature maps of one image at every snapshot: snapshots across, units down, each map contrast-normalised
     * on its own (a dense layer's unit is a 1×1 tile).
     */
    public static BufferedImage featureMaps(FeatureEvolution.FeatureMaps maps, int scale) {
        int units = maps.maps().get(0).dim(0);
        Mosaic.Builder figure = Mosaic.builder(maps.labels().size()).scale(scale).padding(2)
                .title(maps.layer() + ": feature maps of one image during training").columnLabels(maps.labels());
        List<String> rows = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            rows.add("unit " + u);
            for (Tensor m : maps.maps()) {
                int h = m.rank() == 3 ? m.dim(1) : 1, w = m.rank() == 3 ? m.dim(2) : 1;
                Tensor plane = Tensor.of(java.util.Arrays.copyOfRange(m.data(), u * h * w, (u + 1) * h * w), 1, h, w);
                figure.add(ImageConversion.toImage(contrast(plane)));
            }
        }
        return figure.rowLabels(rows).build().render();
    }

    /** The filters of a layer (e.g. from {@link FilterBank#filters}), each {@code [C, kH, kW]}, in rows. */
    public static BufferedImage filters(String layer, List<Tensor> filters, int perRow, int scale) {
        if (filters.isEmpty()) {
            throw new LoupeException("no filters to draw");
        }
        Mosaic.Builder figure = Mosaic.builder(perRow).scale(scale).padding(1).title(layer + " filters");
        for (Tensor f : filters) {
            Tensor shown = f.dim(0) == 1 || f.dim(0) == 3 ? f : channelMean(f);
            figure.add(ImageConversion.toImage(contrast(shown)));
        }
        return figure.build().render();
    }

    /** {@code 0.5 + t / (2·max|t|)}: zero is grey; an all-zero tile stays grey. */
    static Tensor contrast(Tensor t) {
        float m = t.absMax();
        return t.map(v -> m == 0 ? 0.5 : 0.5 + v / (2 * m));
    }

    private static Tensor channelMean(Tensor f) {
        int c = f.dim(0), area = f.size() / c;
        Tensor out = Tensor.zeros(1, f.dim(1), f.dim(2));
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < area; i++) {
                out.data()[i] += f.data()[ch * area + i] / c;
            }
        }
        return out;
    }
}
