package dev.loupe.report;

import dev.loupe.LoupeException;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.Target;
import dev.loupe.render.HeatmapStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every registered attribution method on the same images, in one table, with the time each took per image. */
final class AttributionComparisonSection implements Section {
    @Override
    public String id() {
        return "comparison";
    }

    @Override
    public String title() {
        return "All attribution methods compared";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Every method of the registry explains the predicted class of the same test images with its "
                + "default parameters (sized for this report). Signed methods are drawn in blue–white–red, "
                + "magnitudes in inferno, each map scaled to its own largest |value|. The time is the wall-clock "
                + "time of one batched call divided by the number of images, on this machine and thread count.");
        List<MethodSpec> methods = MethodRegistry.defaults().all().stream()
                .sorted(Comparator.comparing(MethodSpec::family).thenComparing(MethodSpec::name)).toList();
        if (methods.isEmpty()) {
            throw new SectionUnavailable("no attribution method is registered in this build");
        }
        Sample s = Sample.of(ctx, ctx.size().comparisonImages());
        Target target = new Target.PerImage(s.predicted());
        List<String> header = new ArrayList<>(List.of("method", "family"));
        List<Block.Cell> inputs = new ArrayList<>(List.of(Block.Cell.text("input"), Block.Cell.text("")));
        for (int i = 0; i < s.size(); i++) {
            header.add("#" + s.indices()[i]);
            String src = ctx.figures().png("comparison-input-" + i, Tiles.picture(s.raw(), i, 2),
                    ReportContext.metadata(ctx.provenance("input", Map.of("test image", "" + s.indices()[i]))));
            inputs.add(Block.Cell.image(src, s.caption(ctx, i)));
        }
        header.add("ms / image");
        header.add("parameters");
        inputs.add(Block.Cell.text(""));
        inputs.add(Block.Cell.text(""));
        List<List<Block.Cell>> rows = new ArrayList<>();
        rows.add(inputs);
        List<List<String>> csv = new ArrayList<>();
        for (MethodSpec m : methods) {
            List<Block.Cell> row = new ArrayList<>(List.of(Block.Cell.text(m.name()), Block.Cell.text(m.family())));
            Map<String, String> params = params(ctx, m.name());
            try {
                long t0 = System.nanoTime();
                Attribution a = m.create(params).explain(ctx.model(), s.normalized(), target);
                double ms = (System.nanoTime() - t0) / 1e6 / s.size();
                HeatmapStyle style = MethodGallerySection.style(m.name());
                for (int i = 0; i < s.size(); i++) {
                    String src = ctx.figures().png("comparison-" + m.name() + "-" + i,
                            AttributionGrid.tile(a.map(), i, style, 28 * 2),
                            ReportContext.metadata(a.provenance()));
                    row.add(Block.Cell.image(src, m.name() + " for image #" + s.indices()[i]));
                }
                row.add(Block.Cell.number(String.format(Locale.ROOT, "%.1f", ms)));
                row.add(Block.Cell.text(a.provenance().parameterLine()));
                csv.add(List.of(m.name(), m.family(), String.format(Locale.ROOT, "%.3f", ms)));
            } catch (LoupeException | IllegalArgumentException | IllegalStateException e) {
                for (int i = 0; i < s.size(); i++) {
                    row.add(Block.Cell.text(i == 0 ? "failed: " + e.getMessage() : ""));
                }
                row.add(Block.Cell.text("–"));
                row.add(Block.Cell.text(""));
            }
            rows.add(row);
        }
        out.parameters("Provenance", Map.of("target", "the predicted class", "seed",
                Long.toString(ctx.options().seed()), "model digest", ctx.digest(), "threads",
                Integer.toString(ctx.options().threads()), "images", Integer.toString(s.size())));
        String timing = ctx.figures().csv("comparison-timing", List.of("method", "family", "ms_per_image"), csv);
        out.table("Attribution maps of every registered method (times in " + timing + ")", header, rows);
    }

    /** Default parameters, except where this report's size asks for fewer steps or the input needs bounds. */
    static Map<String, String> params(ReportContext ctx, String method) {
        Map<String, String> p = new LinkedHashMap<>(LrpSection.params(ctx, method));
        if (method.equals("integrated-gradients")) {
            p.put("steps", Integer.toString(ctx.size().integrationSteps()));
        } else if (method.equals("saliency")) {
            p.put("mode", "abs");
        } else if (method.equals("smoothgrad")) {
            p.put("samples", Integer.toString(ctx.size().noiseSamples()));
            p.put("base-params", "mode=abs");
            p.put("seed", Long.toString(ctx.options().seed() & 0x7fffffff));
        }
        return p;
    }
}
