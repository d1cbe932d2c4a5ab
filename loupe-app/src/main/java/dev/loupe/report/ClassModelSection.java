package dev.loupe.report;

import dev.loupe.explain.synthesis.ActivationMaximization;
import dev.loupe.explain.synthesis.AscentConfig;
import dev.loupe.explain.synthesis.Objective;
import dev.loupe.explain.synthesis.Regularizer;
import dev.loupe.explain.synthesis.Start;
import dev.loupe.explain.synthesis.Synthesis;
import dev.loupe.data.Dataset;
import dev.loupe.data.Normalization;
import dev.loupe.render.Mosaic;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Simonyan, Vedaldi &amp; Zisserman (2014), "Deep Inside Convolutional Networks", section 2: for every class, the
 * image that maximises its score under an L2 penalty, with the image priors of Yosinski et al. (2015),
 * "Understanding Neural Networks Through Deep Visualization": jitter, blur, small-norm clipping and the pixel range.
 * Once from noise and once from a dataset image of another class.
 */
final class ClassModelSection implements Section {
    @Override
    public String id() {
        return "class-models";
    }

    @Override
    public String title() {
        return "Class-model visualization";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Simonyan et al. (2014, section 2) ask the network what it thinks each class looks like: "
                + "starting from an image, gradient ascent on the class score (minus an L2 penalty on the image) "
                + "finds an input that the network finds very typical of the class. Plain ascent gives noisy, "
                + "unnatural images, so the DeepVis regularizers of Yosinski et al. (2015) are applied: random "
                + "jitter, periodic Gaussian blur, zeroing small-norm pixels, and clamping to the valid pixel range. "
                + "The top row starts from low-amplitude noise, the bottom row from a test image of another class, "
                + "which the ascent gradually turns into the target class.");
        Normalization norm = ctx.input().normalization();
        double[] mean = norm.mean(), std = norm.std();
        double low = Double.POSITIVE_INFINITY, high = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < mean.length; c++) {
            low = Math.min(low, -mean[c] / std[c]);
            high = Math.max(high, (1 - mean[c]) / std[c]);
        }
        int steps = ctx.size().synthesisSteps();
        List<Regularizer> priors = List.of(new Regularizer.Jitter(1), new Regularizer.Blur(0.6, 4),
                new Regularizer.NormClip(20), new Regularizer.Range(low, high));
        AscentConfig base = AscentConfig.digits(0).withRegularizers(priors).withSchedule(steps, 0.1, 0.005);
        int classes = ctx.input().classNames().size();
        Dataset test = ctx.input().test();
        ActivationMaximization ascent = new ActivationMaximization(ctx.parallel());
        int columns = Math.min(classes, 5);
        Mosaic.Builder m = Mosaic.builder(columns).title("From noise");
        List<Tensor> fromImage = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        List<Tensor> starts = new ArrayList<>();
        List<String> startNames = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            Synthesis noise = ascent.run(ctx.model(), base.withObjective(new Objective.ClassLogit(k))
                    .withStart(new Start.Noise(ctx.options().seed() + k, 0, 0.1)));
            m.add(picture(norm, noise.image()), caption(ctx, k, noise.image()));
            int other = firstOfOtherClass(test, k);
            Synthesis image = ascent.run(ctx.model(), fromImage(base).withObjective(
                    new Objective.ClassLogit(k)).withStart(new Start.Image(ctx.normalize(test.image(other)))));
            fromImage.add(image.image());
            captions.add(caption(ctx, k, image.image()));
            starts.add(test.image(other));
            startNames.add(ctx.className(test.label(other)));
        }
        Mosaic.Builder fromImages = Mosaic.builder(2 * columns).title("From a test image of the next class");
        for (int k = 0; k < classes; k++) {
            fromImages.add(Tiles.picture(starts.get(k), 0, 3), "start: " + startNames.get(k));
            fromImages.add(picture(norm, fromImage.get(k)), captions.get(k));
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("objective", "class logit");
        params.put("steps", Integer.toString(steps));
        params.put("learning rate", "0.1 (" + base.optimizer() + ")");
        params.put("L2 weight λ", Double.toString(base.l2Weight()));
        params.put("regularizers", String.format(Locale.ROOT, "jitter 1 px; blur σ 0.6 every 4 steps; zero pixels "
                + "below the 20th norm percentile; clamp to [%.3f, %.3f]", low, high));
        params.put("starts", "N(0, 0.1²) noise (seed + class); the first test image of the next class, at "
                + "learning rate 0.05 and without blur");
        out.provenance(ctx.provenance("class-model", params), Map.of());
        String src = ctx.figures().png("class-models", m.build().render(),
                ReportContext.metadata(ctx.provenance("class-model", params)));
        String src2 = ctx.figures().png("class-models-from-images", fromImages.build().render(),
                ReportContext.metadata(ctx.provenance("class-model", params)));
        out.figures(new Figure(src, "One image per class (contrast stretched); above each, the class and the model's "
                + "probability for it on the synthesised image."), new Figure(src2, "Each pair: the starting test "
                + "image, then the result of the same ascent towards the class named above it."));
    }

    /**
     * The ascent for starts from a real image: the same steps at half the rate and without the blur prior, so the
     * start stays recognisable while the class's features grow into it.
     */
    static AscentConfig fromImage(AscentConfig base) {
        return base.withSchedule(base.steps(), base.learningRate() / 2, base.l2Weight())
                .withRegularizers(base.regularizers().stream().filter(r -> !(r instanceof Regularizer.Blur)).toList());
    }

    private static java.awt.image.BufferedImage picture(Normalization norm, Tensor image) {
        Tensor raw = norm.invert(image);
        float lo = raw.min(), hi = raw.max();
        Tensor stretched = raw.map(v -> hi > lo ? (v - lo) / (hi - lo) : 0);
        return Tiles.picture(stretched, 0, 3);
    }

    private static String caption(ReportContext ctx, int k, Tensor normalized) {
        Tensor p = ctx.probabilities(ctx.input().normalization().invert(normalized));
        return String.format(Locale.ROOT, "%s p=%.2f", ctx.className(k), p.data()[k]);
    }

    private static int firstOfOtherClass(Dataset test, int k) {
        for (int i = 0; i < test.size(); i++) {
            if (test.label(i) == (k + 1) % test.classCount()) {
                return i;
            }
        }
        return 0;
    }
}
