package dev.loupe.report;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Target;
import dev.loupe.render.HeatmapStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Guided backpropagation (Springenberg et al., 2015), integrated gradients (Sundararajan et al., 2017), SmoothGrad
 * (Smilkov et al., 2017) and Grad-CAM (Selvaraju et al., 2017) on the same images, side by side.
 */
final class MethodGallerySection implements Section {
    @Override
    public String id() {
        return "gallery";
    }

    @Override
    public String title() {
        return "Guided backprop, integrated gradients, SmoothGrad and Grad-CAM";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Four popular refinements of the gradient. Guided backpropagation lets only positive signal "
                + "through ReLUs that were active, which gives crisp, edge-like maps. Integrated gradients average "
                + "the gradient along a straight path from a black baseline to the image and multiply by the "
                + "difference, so the map adds up to the score change. SmoothGrad averages saliency over noisy copies "
                + "of the image to remove gradient noise. Grad-CAM weights the last conv layer's feature maps by "
                + "their mean gradient: a coarse but class-specific map.");
        Map<String, Map<String, String>> methods = methods(ctx);
        ReportContext.requireMethods(methods.keySet().toArray(String[]::new));
        Sample s = Sample.of(ctx, ctx.size().samples());
        Target target = new Target.PerImage(s.predicted());
        List<Attribution> results = new ArrayList<>();
        List<HeatmapStyle> styles = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : methods.entrySet()) {
            Attribution a = ctx.explainer(e.getKey(), e.getValue()).explain(ctx.model(), s.normalized(), target);
            out.provenance(a.provenance(), Map.of("target", "the predicted class"));
            results.add(a);
            styles.add(style(e.getKey()));
        }
        String src = ctx.figures().png("gallery", AttributionGrid.render(ctx, s, "Four methods, same images",
                List.copyOf(methods.keySet()), results, styles), ReportContext.metadata(results.get(0).provenance()));
        out.figures(new Figure(src, "Signed maps (guided backprop, integrated gradients) in blue–white–red, "
                + "magnitudes (SmoothGrad, Grad-CAM) in inferno; each scaled to its own largest |value|."));
    }

    /** The methods and their parameters at this report's size. */
    static Map<String, Map<String, String>> methods(ReportContext ctx) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        m.put("guided-backprop", Map.of());
        m.put("integrated-gradients", Map.of("steps", Integer.toString(ctx.size().integrationSteps())));
        m.put("smoothgrad", Map.of("samples", Integer.toString(ctx.size().noiseSamples()), "base-params",
                "mode=abs", "seed", Long.toString(ctx.options().seed() & 0x7fffffff)));
        m.put("gradcam", Map.of());
        return m;
    }

    /** Signed relevance or magnitude, as the method's output calls for. */
    static HeatmapStyle style(String method) {
        boolean magnitude = method.equals("saliency") || method.equals("smoothgrad") || method.equals("gradcam")
                || method.equals("gradcam++") || method.equals("scorecam");
        return magnitude ? HeatmapStyle.magnitude().withReduction(dev.loupe.render.ChannelReduction.SUM)
                : HeatmapStyle.signed();
    }
}
