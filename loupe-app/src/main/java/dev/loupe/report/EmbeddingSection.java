package dev.loupe.report;

import dev.loupe.data.Dataset;
import dev.loupe.embedding.KnnPreservation;
import dev.loupe.embedding.NearestNeighbours;
import dev.loupe.embedding.Tsne;
import dev.loupe.embedding.TsneConfig;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.LinearLayer;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.render.ImageConversion;
import dev.loupe.render.Mosaic;
import dev.loupe.tensor.Tensor;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.knowm.xchart.AnnotationImage;
import org.knowm.xchart.XYChart;

/**
 * The model's penultimate-layer features seen two ways: a t-SNE map (van der Maaten &amp; Hinton, 2008) coloured by
 * class with image thumbnails over a sample of points, and the nearest training images of a few test images in that
 * feature space (the "semantic neighbours" of Krizhevsky et al., 2012, figure 4).
 */
final class EmbeddingSection implements Section {
    @Override
    public String id() {
        return "embedding";
    }

    @Override
    public String title() {
        return "t-SNE of the features and nearest neighbours";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Each test image is represented by the activations that feed the classifier's last layer. "
                + "t-SNE (van der Maaten & Hinton, 2008, with the Barnes–Hut approximation) places images with "
                + "similar features close together in two dimensions; well separated clusters mean the network has "
                + "learned features that tell the classes apart. Thumbnails show what the images in each region "
                + "look like. Below, each test image is followed by the training images whose features are nearest.");
        String layer = featureLayer(ctx.model());
        Dataset test = ctx.input().test();
        int n = Math.min(test.size(), ctx.size().tsnePoints());
        int[] idx = java.util.Arrays.copyOf(ReportContext.permutation(test.size(), new Random(ctx.options().seed())),
                n);
        Tensor raw = test.batch(idx);
        Tensor features = features(ctx, layer, raw);
        TsneConfig config = TsneConfig.defaults(ctx.options().seed()).withIterations(ctx.size().tsneIterations())
                .withPerplexity(Math.min(30, (n - 1) / 3.0));
        Tsne.Result result = new Tsne(config, ctx.parallel()).fit(features, Tsne.Progress.NONE);
        double knn = KnnPreservation.of(features, result.embedding(), Math.min(10, n - 1), ctx.parallel());
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("method", "t-SNE (Barnes–Hut)");
        settings.put("features", layer + " output, " + features.dim(1) + " values per image");
        settings.put("points", n + " test images (seeded sample)");
        settings.put("perplexity", fmt(config.perplexity()));
        settings.put("iterations", Integer.toString(config.iterations()) + " (early exaggeration "
                + fmt(config.earlyExaggeration()) + " for " + config.exaggerationIterations() + ")");
        settings.put("theta", fmt(config.theta()));
        settings.put("final KL divergence", fmt(result.klDivergence()));
        settings.put("10-NN preservation", fmt(knn));
        settings.put("seed", Long.toString(ctx.options().seed()));
        settings.put("model digest", ctx.digest());
        out.parameters("Provenance: t-SNE", settings);
        int[] labels = test.batchLabels(idx);
        float[] e = result.embedding().data();
        XYChart chart = Charts.scatter("t-SNE of " + layer + " features", 900, 720);
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < ctx.input().classNames().size(); c++) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (labels[i] == c) {
                    xs.add((double) e[2 * i]);
                    ys.add((double) e[2 * i + 1]);
                }
            }
            Charts.addScatter(chart, ctx.className(c), xs.stream().mapToDouble(Double::doubleValue).toArray(),
                    ys.stream().mapToDouble(Double::doubleValue).toArray(), c);
        }
        for (int i = 0; i < n; i++) {
            rows.add(List.of(Integer.toString(idx[i]), ctx.className(labels[i]), fmt(e[2 * i]), fmt(e[2 * i + 1])));
        }
        int thumbs = Math.min(n, ctx.size().thumbnails());
        for (int i = 0; i < thumbs; i++) {
            chart.addAnnotation(new AnnotationImage(thumbnail(raw, i, Charts.color(labels[i])), e[2 * i],
                    e[2 * i + 1], false));
        }
        String csv = ctx.figures().csv("tsne-points", List.of("test_index", "class", "x", "y"), rows);
        out.figures(ctx.figures().chart("tsne", chart, "Each dot is a test image coloured by its true class; "
                + thumbs + " of them carry their thumbnail, framed in the class colour.",
                List.of(new Figure.Link("CSV", csv))));
        neighbours(ctx, out, layer);
    }

    private void neighbours(ReportContext ctx, SectionContent out, String layer) {
        Dataset train = ctx.input().train();
        int m = Math.min(train.size(), ctx.size().searchImages());
        Tensor trainRaw = train.subset(0, m).images();
        Tensor points = features(ctx, layer, trainRaw);
        Sample q = Sample.of(ctx, ctx.size().neighbourQueries());
        Tensor queries = features(ctx, layer, q.raw());
        int k = Math.min(ctx.size().neighbours(), m);
        NearestNeighbours.Result r = NearestNeighbours.search(queries, points, k, false, ctx.parallel());
        Mosaic.Builder mosaic = Mosaic.builder(1 + k).scale(3)
                .title("Nearest training images in " + layer + " feature space");
        for (int i = 0; i < q.size(); i++) {
            mosaic.add(Tiles.picture(q.raw(), i, 1), ctx.className(q.labels()[i]));
            for (int j = 0; j < k; j++) {
                int t = r.indices()[i][j];
                double d = Math.sqrt(r.squaredDistances()[i][j]);
                mosaic.add(Tiles.picture(trainRaw, t, 1), train.label(t) == q.labels()[i]
                        ? String.format(Locale.ROOT, "d=%.1f", d)
                        : String.format(Locale.ROOT, "%s d=%.1f", ctx.className(train.label(t)), d));
            }
        }
        String src = ctx.figures().png("nearest-neighbours", mosaic.build().render(), ReportContext.metadata(
                ctx.provenance("nearest-neighbours", Map.of("layer", layer, "k", Integer.toString(k),
                        "training images searched", Integer.toString(m)))));
        out.parameters("Provenance: nearest neighbours", Map.of("method", "exact k-NN, Euclidean distance",
                "features", layer, "k", Integer.toString(k), "training images searched", Integer.toString(m),
                "model digest", ctx.digest()));
        out.figures(new Figure(src, "Each row: a test image (left, its true class above), then its " + k + " nearest "
                + "training images with their feature distance d; a neighbour of another class is named."));
    }

    /** The input of the model's last linear layer (conv or dense): the features the classifier reads. */
    static String featureLayer(Model model) {
        List<Node> nodes = model.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (nodes.get(i).layer() instanceof LinearLayer) {
                String in = nodes.get(i).inputs().get(0);
                if (!in.equals(Model.INPUT)) {
                    return in;
                }
            }
        }
        throw new SectionUnavailable("the model has no hidden layer before its last linear layer");
    }

    /** The named layer's activations for raw images, flattened to {@code [N, d]}. */
    static Tensor features(ReportContext ctx, String layer, Tensor raw) {
        int n = raw.dim(0);
        List<Tensor> parts = new ArrayList<>();
        for (int from = 0; from < n; from += 256) {
            int to = Math.min(n, from + 256);
            Tensor a = ctx.model().forward(ctx.normalize(raw.slice(from, to)), ForwardOptions.prediction(
                    ctx.parallel())).activation(layer);
            parts.add(a.copy().reshape(to - from, -1));
        }
        return parts.size() == 1 ? parts.get(0) : Tensor.concat(parts);
    }

    private static BufferedImage thumbnail(Tensor raw, int i, Color frame) {
        BufferedImage img = ImageConversion.toRgb(ImageConversion.toImage(raw.item(i)));
        BufferedImage framed = new BufferedImage(img.getWidth() + 4, img.getHeight() + 4, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = framed.createGraphics();
        try {
            g.setColor(frame);
            g.fillRect(0, 0, framed.getWidth(), framed.getHeight());
            g.setComposite(AlphaComposite.SrcOver);
            g.drawImage(img, 2, 2, null);
        } finally {
            g.dispose();
        }
        return framed;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
