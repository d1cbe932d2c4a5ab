package dev.loupe.report;

import dev.loupe.data.Dataset;
import dev.loupe.features.ActivationHealth;
import dev.loupe.features.FeatureLayers;
import dev.loupe.features.FilterBank;
import dev.loupe.features.FilterSpectrum;
import dev.loupe.render.ColorBar;
import dev.loupe.render.Colormap;
import dev.loupe.render.Heatmap;
import dev.loupe.render.Mosaic;
import dev.loupe.render.Upscale;
import dev.loupe.render.ValueRange;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The first-layer filters as images with the magnitude of their Fourier transform (Zeiler &amp; Fergus, 2014,
 * section 4.1, read such spectra to spot filters that are all very high or very low frequency), and the share of
 * zero activations and the dead units of every feature layer.
 */
final class FilterSection implements Section {
    private static final int SPECTRUM = FilterSpectrum.DEFAULT_SIZE;

    @Override
    public String id() {
        return "filters";
    }

    @Override
    public String title() {
        return "Filters, their spectra and dead units";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("The first conv layer's filters are shown as small images (white = positive weight), and beside "
                + "them the magnitude of each filter's 2-D Fourier transform, zero frequency in the centre. Oriented "
                + "edge detectors show as a pair of peaks across the centre; smooth blob detectors as a central peak; "
                + "filters with energy only at the highest frequencies are a sign of a too-high learning rate. The "
                + "table below gives, for every feature layer, the fraction of activations that are exactly zero and "
                + "the units that never fire on the searched images (dead units).");
        String layer = FilterBank.firstConvolution(ctx.model());
        List<Tensor> filters = FilterBank.filters(ctx.model(), layer);
        List<FilterSpectrum> spectra = FilterBank.spectra(ctx.model(), layer, SPECTRUM);
        int perRow = Math.min(10, filters.size());
        String filterSrc = ctx.figures().png("filters", filterMosaic(layer, filters, perRow),
                ReportContext.metadata(ctx.provenance("filters", Map.of("layer", layer))));
        double max = 0;
        for (FilterSpectrum s : spectra) {
            max = Math.max(max, s.magnitude().max());
        }
        ValueRange range = new ValueRange(0, max > 0 ? max : 1);
        Mosaic.Builder m = Mosaic.builder(perRow).title(layer + " spectra (|DFT|, zero frequency centred)");
        for (int i = 0; i < spectra.size(); i++) {
            FilterSpectrum s = spectra.get(i);
            m.add(Upscale.nearest(Heatmap.colorize(centred(s.magnitude()), Colormap.INFERNO, range), 4),
                    String.format(Locale.ROOT, "L%.0f M%.0f H%.0f", 100 * s.low(), 100 * s.mid(), 100 * s.high()));
        }
        m.footer(ColorBar.render(Colormap.INFERNO, range, 260));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("layer", layer);
        params.put("padded size", SPECTRUM + "×" + SPECTRUM);
        params.put("bands", "low r < 1/3, mid 1/3–2/3, high ≥ 2/3 of Nyquist (energy %)");
        String spectraSrc = ctx.figures().png("filter-spectra", m.build().render(),
                ReportContext.metadata(ctx.provenance("filter-spectra", params)));
        out.provenance(ctx.provenance("filter-spectra", params), Map.of());
        out.figures(new Figure(filterSrc, "The " + filters.size() + " filters of " + layer + " on one shared grey scale "
                + "(mid-grey = 0)."),
                new Figure(spectraSrc, "Fourier magnitude of each filter on one shared scale; above each, its "
                        + "energy in the low, mid and high bands (%)."));
        health(ctx, out);
    }

    private static void health(ReportContext ctx, SectionContent out) {
        List<String> layers = new ArrayList<>(ctx.featureMaps().stream().map(ReportContext.FeatureMap::layer)
                .toList());
        String top = FeatureLayers.topFeatureLayer(ctx.model());
        if (!layers.contains(top)) {
            layers.add(top);
        }
        Dataset search = ctx.input().train().subset(0, Math.min(ctx.input().train().size(),
                ctx.size().searchImages()));
        List<ActivationHealth.LayerHealth> health = ActivationHealth.measure(ctx.model(), search,
                ctx.input().normalization()::apply, layers, 256, ctx.parallel(), (d, t) -> { });
        List<List<Block.Cell>> rows = new ArrayList<>();
        for (ActivationHealth.LayerHealth h : health) {
            rows.add(List.of(Block.Cell.text(h.layer()), Block.Cell.number(Integer.toString(h.units())),
                    Block.Cell.number(String.format(Locale.ROOT, "%.1f%%", 100 * h.sparsity())),
                    Block.Cell.number(Integer.toString(h.deadUnits().size())),
                    Block.Cell.text(h.deadUnits().isEmpty() ? "–" : h.deadUnits().toString())));
        }
        out.table("Activation health over " + search.size() + " training images", List.of("layer", "units",
                "zero activations", "dead units", "which"), rows);
    }

    /**
     * The filters {@code [C, kH, kW]} (channels averaged) in grey on one symmetric scale shared by all of them, so
     * that mid-grey is 0, white the largest positive and black the largest negative weight of the layer.
     */
    private static java.awt.image.BufferedImage filterMosaic(String layer, List<Tensor> filters, int perRow) {
        List<Tensor> planes = new ArrayList<>();
        double m = 0;
        for (Tensor f : filters) {
            int c = f.dim(0), h = f.dim(1), w = f.dim(2);
            float[] out = new float[h * w];
            for (int k = 0; k < c; k++) {
                for (int i = 0; i < h * w; i++) {
                    out[i] += f.data()[k * h * w + i] / c;
                }
            }
            Tensor plane = Tensor.wrap(out, h, w);
            m = Math.max(m, plane.absMax());
            planes.add(plane);
        }
        ValueRange range = ValueRange.symmetric(m > 0 ? m : 1);
        int scale = Math.max(4, 60 / planes.get(0).dim(1));
        Mosaic.Builder b = Mosaic.builder(perRow).title(layer + " filters");
        for (int i = 0; i < planes.size(); i++) {
            b.add(Upscale.nearest(Heatmap.colorize(planes.get(i), Colormap.GRAY, range), scale), "#" + i);
        }
        return b.footer(ColorBar.render(Colormap.GRAY, range, 260)).build().render();
    }

    /** The magnitude with the zero frequency moved from (0, 0) to the centre. */
    private static Tensor centred(Tensor magnitude) {
        int h = magnitude.dim(0), w = magnitude.dim(1);
        float[] src = magnitude.data(), dst = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                dst[((y + h / 2) % h) * w + (x + w / 2) % w] = src[y * w + x];
            }
        }
        return Tensor.wrap(dst, h, w);
    }
}
