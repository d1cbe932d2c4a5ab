package dev.loupe.report;

import dev.loupe.data.Dataset;
import dev.loupe.features.Box;
import dev.loupe.features.Correspondence;
import dev.loupe.features.FeatureLayers;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Zeiler &amp; Fergus (2014), "Visualizing and Understanding Convolutional Networks", section 5.2 and table 1:
 * mask the same part in several images of one class and measure how consistently the feature vectors change (the
 * mean Hamming distance between the signs of the changes), against masks at random places.
 */
final class CorrespondenceSection implements Section {
    /** A masked part in a 28 × 28 image (scaled for other sizes). */
    private record Part(String name, int top, int left, int height, int width) {
    }

    private static final List<Part> PARTS = List.of(new Part("top", 2, 9, 8, 10), new Part("centre", 10, 9, 8, 10),
            new Part("bottom", 18, 9, 8, 10));

    @Override
    public String id() {
        return "correspondence";
    }

    @Override
    public String title() {
        return "Correspondence analysis";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Zeiler & Fergus (2014, section 5.2) ask whether a network ties a part of an object to the "
                + "class: the same part is masked in several images of one class, and for each layer the changes of "
                + "the feature vectors are compared across images by the share of elements whose change has a "
                + "different sign (Δ). A lower Δ for a part than for masks at random places means the part is "
                + "encoded consistently. The table gives Δ (normalised to a share of elements) per part and layer.");
        Dataset test = ctx.input().test();
        int classIndex = test.label(ctx.samples(1)[0]);
        int[] idx = java.util.stream.IntStream.range(0, test.size()).filter(i -> test.label(i) == classIndex)
                .limit(5).toArray();
        if (idx.length < 2) {
            throw new SectionUnavailable("the test set has fewer than two images of class "
                    + ctx.className(classIndex));
        }
        Tensor images = test.batch(idx);
        List<String> layers = new ArrayList<>(ctx.featureMaps().stream().map(ReportContext.FeatureMap::layer)
                .toList());
        String top = FeatureLayers.topFeatureLayer(ctx.model());
        if (!layers.contains(top)) {
            layers.add(top);
        }
        int trials = ctx.size().name().equals("full") ? 20 : 5;
        int h = test.height(), w = test.width();
        List<List<Block.Cell>> rows = new ArrayList<>();
        for (Part part : PARTS) {
            Box box = new Box(part.top() * h / 28, part.left() * w / 28, Math.max(1, part.height() * h / 28),
                    Math.max(1, part.width() * w / 28));
            List<Correspondence.Row> table = Correspondence.measure(ctx.model(), images,
                    ctx.input().normalization()::apply, box, layers, trials, ctx.options().seed(), 0f,
                    ctx.parallel());
            String src = ctx.figures().png("correspondence-" + part.name(), Tiles.picture(
                    box.maskImage(images, 0, 0f), 0, 2), ReportContext.metadata(ctx.provenance("correspondence",
                    Map.of("part", part.name()))));
            boolean first = true;
            for (Correspondence.Row r : table) {
                rows.add(List.of(first ? Block.Cell.image(src, part.name()) : Block.Cell.text(""),
                        Block.Cell.text(first ? part.name() : ""), Block.Cell.text(r.layer()),
                        Block.Cell.number(String.format(Locale.ROOT, "%.4f", r.masked().normalised())),
                        Block.Cell.number(String.format(Locale.ROOT, "%.4f ± %.4f", r.random().normalised(),
                                r.randomStd()))));
                first = false;
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("class", ctx.className(classIndex));
        params.put("images", java.util.Arrays.toString(idx) + " (test set)");
        params.put("layers", String.join(", ", layers));
        params.put("random trials", Integer.toString(trials));
        params.put("mask value", "0 (black)");
        out.provenance(ctx.provenance("correspondence", params), Map.of());
        out.table("Δ (share of elements whose change differs in sign), masked part vs random masks", List.of(
                "example", "part", "layer", "Δ part", "Δ random ± std"), rows);
    }
}
