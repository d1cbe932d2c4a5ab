package dev.loupe.report;

import dev.loupe.data.Normalization;
import dev.loupe.explain.Target;
import dev.loupe.explain.perturbation.Occlusion;
import dev.loupe.explain.perturbation.OcclusionConfig;
import dev.loupe.explain.perturbation.OcclusionOutput;
import dev.loupe.explain.perturbation.OcclusionStrip;
import dev.loupe.explain.perturbation.Window;
import dev.loupe.render.ColorBar;
import dev.loupe.render.Colormap;
import dev.loupe.render.HeatmapStyle;
import dev.loupe.render.Mosaic;
import dev.loupe.render.RangeMode;
import dev.loupe.render.ValueRange;
import dev.loupe.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Zeiler &amp; Fergus (2014), "Visualizing and Understanding Convolutional Networks", section 4.2 and figure 7: a
 * grey square slides over the image; the strip shows some occluded copies with the probability of the true class
 * above each, and the map shows that probability for every position of the square.
 */
final class OcclusionSection implements Section {
    /** The occluder's side in pixels, about a quarter of a 28-pixel image as in the paper's proportions. */
    static final int WINDOW = 7;

    @Override
    public String id() {
        return "occlusion";
    }

    @Override
    public String title() {
        return "Occlusion sensitivity";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Zeiler & Fergus (2014, section 4.2) slide a grey square over the image and record the "
                + "probability of the correct class for every position: where the probability drops, the network "
                + "relies on what the square hides. The strip shows a few occluded copies with that probability "
                + "above each; the map gives it for every position of the square's centre (blue = the class is lost "
                + "when that spot is hidden). Of the sample images, the one whose probability falls furthest is shown.");
        int stride = ctx.size().name().equals("full") ? 1 : 2;
        Occlusion occlusion = new Occlusion(OcclusionConfig.of(WINDOW, stride, 0f)
                .withOutput(OcclusionOutput.PROBABILITY), ctx.parallel());
        Sample candidates = Sample.of(ctx, Math.max(3, ctx.size().samples()));
        Tensor maps = occlusion.probabilityMap(ctx.model(), candidates.normalized(),
                new Target.PerImage(candidates.labels()));
        int best = mostSensitive(maps);
        Sample s = Sample.of(ctx, candidates.size()).select(best);
        int label = s.labels()[0];
        Normalization norm = ctx.input().normalization();
        Tensor map = maps.item(best);
        OcclusionStrip strip = occlusion.strip(ctx.model(), s.normalized().item(0), label,
                stripWindows(ctx, occlusion, map, 7));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("window", WINDOW + "×" + WINDOW);
        params.put("stride", Integer.toString(stride));
        params.put("fill", "0 in normalised units (the training mean, a grey square)");
        params.put("output", "probability of the true class");
        out.provenance(ctx.provenance(Occlusion.NAME, params), Map.of("test image", "#" + s.indices()[0],
                "true class", ctx.className(label)));
        Mosaic.Builder m = Mosaic.builder(1 + strip.images().size())
                .title("p(" + ctx.className(label) + ") with the square at different places");
        m.add(Tiles.picture(s.raw(), 0, Tiles.SCALE), String.format(Locale.ROOT, "original p=%.2f",
                strip.original()));
        double[] p = strip.probabilities();
        for (int j = 0; j < strip.images().size(); j++) {
            Tensor picture = norm.invert(strip.images().get(j));
            Window w = strip.windows().get(j);
            m.add(Tiles.picture(picture, 0, Tiles.SCALE), String.format(Locale.ROOT, "p=%.2f", p[j]));
            assert w != null;
        }
        String stripSrc = ctx.figures().png("occlusion-strip", m.build().render(),
                ReportContext.metadata(ctx.provenance(Occlusion.NAME, params)));
        HeatmapStyle style = new HeatmapStyle(Colormap.JET, RangeMode.MIN_MAX, 100,
                dev.loupe.render.ChannelReduction.SUM);
        ValueRange range = new ValueRange(0, 1);
        Mosaic.Builder mm = Mosaic.builder(2).columnLabels(java.util.List.of("input", "p(" + ctx.className(label)
                + ") by occluder centre"));
        mm.add(Tiles.picture(s.raw(), 0, Tiles.SCALE), s.caption(ctx, 0));
        mm.add(Tiles.plane(dev.loupe.render.Heatmap.plane(map, 0, style.reduction()), style, range,
                28 * Tiles.SCALE), "");
        mm.footer(ColorBar.render(Colormap.JET, range, 260));
        String mapSrc = ctx.figures().png("occlusion-map", mm.build().render(),
                ReportContext.metadata(ctx.provenance(Occlusion.NAME, params)));
        out.figures(new Figure(stripSrc, "Occluded copies with the probability of the true class above each."),
                new Figure(mapSrc, "Probability of the true class as a function of the square's centre (jet, 0 to "
                        + "1): blue where hiding that spot destroys the evidence."));
    }

    /** The image whose map reaches the lowest probability. */
    private static int mostSensitive(Tensor maps) {
        int best = 0;
        float lowest = Float.POSITIVE_INFINITY;
        for (int i = 0; i < maps.dim(0); i++) {
            float m = maps.item(i).min();
            if (m < lowest) {
                lowest = m;
                best = i;
            }
        }
        return best;
    }

    /**
     * The strip's placements: the positions where the probability falls most (at least a window apart), then
     * positions spread evenly over the image, in reading order.
     */
    private static java.util.List<Window> stripWindows(ReportContext ctx, Occlusion occlusion, Tensor map,
                                                       int count) {
        java.util.List<Window> all = Occlusion.centredWindows(ctx.model().inputShape(), occlusion.config().window(),
                occlusion.config().stride());
        float[] p = map.data();
        Integer[] order = new Integer[all.size()];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(j -> p[j]));
        java.util.List<Integer> chosen = new java.util.ArrayList<>();
        for (int j : order) {
            if (chosen.size() >= count / 2) {
                break;
            }
            if (chosen.stream().noneMatch(c -> overlaps(all.get(c), all.get(j)))) {
                chosen.add(j);
            }
        }
        for (int k = 0; chosen.size() < count && k < count; k++) {
            int j = (int) ((long) k * (all.size() - 1) / Math.max(1, count - 1));
            if (!chosen.contains(j)) {
                chosen.add(j);
            }
        }
        java.util.Collections.sort(chosen);
        return chosen.stream().map(all::get).toList();
    }

    private static boolean overlaps(Window a, Window b) {
        return a.y0() < b.y1() && b.y0() < a.y1() && a.x0() < b.x1() && b.x0() < a.x1();
    }
}
