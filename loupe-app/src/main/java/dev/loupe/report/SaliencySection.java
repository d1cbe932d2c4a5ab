package dev.loupe.report;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Target;
import dev.loupe.explain.localization.BoundingBox;
import dev.loupe.explain.localization.Localization;
import dev.loupe.explain.localization.SaliencyLocalizer;
import java.awt.Color;
import dev.loupe.render.ColorBar;
import dev.loupe.render.Colormap;
import dev.loupe.render.HeatmapStyle;
import dev.loupe.render.Mosaic;
import dev.loupe.render.Overlay;
import dev.loupe.render.Upscale;
import dev.loupe.render.ValueRange;
import java.util.Map;

/**
 * Simonyan, Vedaldi &amp; Zisserman (2014), "Deep Inside Convolutional Networks", section 3: the image-specific class
 * saliency map, the largest absolute gradient over channels, and the object box it localizes.
 */
final class SaliencySection implements Section {
    @Override
    public String id() {
        return "saliency";
    }

    @Override
    public String title() {
        return "Saliency maps and localization";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("The saliency map of Simonyan et al. (2014) is the magnitude of the class score's gradient with "
                + "respect to the input pixels: the pixels whose change would change the score most. It is computed "
                + "with one backward pass. Thresholding the map gives a rough box around the object, the weakly "
                + "supervised localization of the same paper.");
        Sample s = Sample.of(ctx, ctx.size().samples());
        Target target = new Target.PerImage(s.predicted());
        Attribution a = ctx.explainer("saliency", Map.of("mode", "max-channel")).explain(ctx.model(),
                s.normalized(), target);
        out.provenance(a.provenance(), Map.of("target", "the predicted class"));
        HeatmapStyle style = HeatmapStyle.magnitude();
        SaliencyLocalizer localizer = SaliencyLocalizer.defaults();
        out.parameters("Provenance: localization", java.util.Map.of("method", "threshold the saliency map, keep the "
                + "largest connected component, take its bounding box", "threshold", localizer.threshold().toString(),
                "connectivity", localizer.connectivity().toString(), "smoothing σ", Double.toString(
                        localizer.smoothing())));
        Mosaic.Builder m = Mosaic.builder(4).columnLabels(java.util.List.of("input", "saliency", "salient region",
                "box on the input"));
        for (int i = 0; i < s.size(); i++) {
            Localization loc = localizer.localize(a.map().item(i));
            BoundingBox b = loc.box();
            m.add(Tiles.picture(s.raw(), i, Tiles.SCALE), s.caption(ctx, i));
            m.add(AttributionGrid.tile(a.map(), i, style), "");
            m.add(Tiles.withBox(Upscale.nearest(Overlay.render(s.raw().item(i), loc.mask(), 0, style, 0.6), Tiles.SCALE),
                    b.y0(), b.x0(), b.y1(), b.x1(), Tiles.SCALE, new Color(0x00c853)), loc.pixels() + " px");
            m.add(Tiles.withBox(Tiles.picture(s.raw(), i, Tiles.SCALE), b.y0(), b.x0(), b.y1(), b.x1(), Tiles.SCALE,
                    new Color(0x00c853)), b.area() + " px box");
        }
        m.footer(ColorBar.render(Colormap.INFERNO, new ValueRange(0, 1), 260));
        String src = ctx.figures().png("saliency", m.build().render(), ReportContext.metadata(a.provenance()));
        out.figures(new Figure(src, "Saliency of the predicted class (each map scaled to its own maximum), the "
                + "thresholded salient component over the image, and its bounding box in green."));
    }
}
