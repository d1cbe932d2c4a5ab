package dev.loupe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.data.Dataset;
import dev.loupe.data.DatasetLocator;
import dev.loupe.data.Normalization;
import dev.loupe.data.Split;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.Target;
import dev.loupe.io.ModelFile;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.render.Heatmap;
import dev.loupe.render.HeatmapStyle;
import dev.loupe.render.Png;
import dev.loupe.render.Upscale;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example, line for line, so it keeps compiling and working. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeExampleWritesTwoHeatmaps() throws Exception {
        ModelFile.save(dir.resolve("model.loupe"), Architectures.create("seednet", 42), Map.of(), List.of());
        Dataset test;
        try {
            test = new DatasetLocator(DatasetLocator.Config.fromEnvironment(null)).locate("auto", Split.TEST)
                    .dataset();
        } catch (dev.loupe.LoupeException e) {
            Assumptions.abort("no dataset on this machine: " + e.getMessage());
            return;
        }
        // --- README example ---
        Model model = ModelFile.load(dir.resolve("model.loupe")).model();
        Tensor image = Normalization.MNIST.apply(test.image(0));
        for (String method : List.of("guided-backprop", "lrp.epsilon-gamma-box")) {
            Explainer explainer = MethodRegistry.defaults().create(method, Map.of());
            Attribution a = explainer.explain(model, image, new Target.Predicted());
            BufferedImage heatmap = Heatmap.render(a.map(), 0, HeatmapStyle.signed());
            Png.write(Upscale.nearest(heatmap, 8), dir.resolve(method + ".png"), Png.metadata(a.provenance()));
        }
        // --- end ---
        for (String method : List.of("guided-backprop", "lrp.epsilon-gamma-box")) {
            BufferedImage written = Png.read(dir.resolve(method + ".png"));
            assertThat(written.getWidth()).isEqualTo(224);
            assertThat(Png.readText(dir.resolve(method + ".png"))).containsEntry("loupe.method", method);
        }
    }
}
