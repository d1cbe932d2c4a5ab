package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.LoupeException;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.Target;
import dev.loupe.io.AtomicFile;
import dev.loupe.io.Npy;
import dev.loupe.nn.Softmax;
import dev.loupe.render.ColorBar;
import dev.loupe.render.Colormap;
import dev.loupe.render.Heatmap;
import dev.loupe.render.HeatmapStyle;
import dev.loupe.render.ImageConversion;
import dev.loupe.render.Mosaic;
import dev.loupe.render.Overlay;
import dev.loupe.render.Png;
import dev.loupe.render.ValueRange;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loupe explain}: one attribution of one image, as a picture and optionally as numbers. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain one image with one method: writes the input, the heatmap and an overlay as a PNG.")
final class ExplainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    ImageOptions image;

    @Mixin
    DataOptions data;

    @Option(names = "--method", required = true, paramLabel = "NAME", description = "A method of 'loupe methods'.")
    String method;

    @Option(names = "--target", defaultValue = "predicted", paramLabel = "C",
            description = "A class index, 'predicted', neuron:LAYER:C:Y:X or channel:LAYER:C (default: predicted).")
    String target;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A method parameter; repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--colormap", paramLabel = "NAME",
            description = "bwr, seismic, inferno, viridis, gray or jet (default: bwr for signed maps, inferno else).")
    String colormap;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE.png", description = "The picture to write.")
    Path out;

    @Option(names = "--raw", paramLabel = "FILE.json|FILE.npy", description = "Also write the attribution's numbers.")
    Path raw;

    @Override
    public Integer call() throws IOException {
        common.parallel();
        if (raw != null && !raw.toString().endsWith(".json") && !raw.toString().endsWith(".npy")) {
            throw new LoupeException("--raw must end in .json or .npy, got " + raw);
        }
        LoadedModel m = modelOptions.load(common.seed());
        Explainer explainer = MethodRegistry.defaults().create(method, params);
        ImageOptions.Picked picked = image.pick(m, data);
        Tensor input = m.normalization().apply(picked.pixels());
        Target t = Target.parse(target);
        Attribution a = explainer.explain(m.model(), input, t);
        Tensor probabilities = Softmax.of(m.model().predict(input));
        int predicted = probabilities.argmax(0);

        BufferedImage figure = render(a, picked);
        Map<String, String> meta = new LinkedHashMap<>(Png.metadata(a.provenance()));
        meta.put("loupe.target", t.toString());
        meta.put("loupe.image", picked.name());
        Png.write(figure, out, meta);
        if (raw != null) {
            writeRaw(a);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%s on %s: target %s, score %.4f, predicted %s (p=%.3f)%n", a.provenance().method(), picked.name(),
                describe(t, m, predicted), a.scores()[0], m.classNames().get(predicted),
                probabilities.data()[predicted]);
        w.println("wrote " + out + (raw != null ? " and " + raw : ""));
        w.flush();
        return 0;
    }

    /** Input, heatmap and overlay side by side, upscaled crisply, with the colour scale underneath. */
    private BufferedImage render(Attribution a, ImageOptions.Picked picked) {
        Tensor map = a.map();
        boolean spatial = map.rank() == 4;
        if (!spatial) {
            throw new LoupeException("method " + method + " gives a map of shape " + map.shapeString()
                    + ", which cannot be drawn; use --raw");
        }
        boolean signed = map.min() < 0;
        HeatmapStyle style = signed ? HeatmapStyle.signed() : HeatmapStyle.magnitude();
        if (colormap != null) {
            style = style.withColormap(Colormap.byName(colormap));
        }
        ValueRange range = Heatmap.range(map, style);
        int scale = Math.max(1, 224 / Math.max(1, picked.pixels().dim(2)));
        String title = a.provenance().method() + " — " + picked.name();
        return Mosaic.builder(3).title(title).scale(scale)
                .add(ImageConversion.toImage(picked.pixels().item(0).reshape(picked.pixels().shape()[1],
                        picked.pixels().dim(2), picked.pixels().dim(3))), "input")
                .add(Heatmap.render(map, 0, style), String.format("score %.3f", a.scores()[0]))
                .add(Overlay.render(picked.pixels(), map, 0, style, 0.6), "overlay")
                .footer(ColorBar.render(style.colormap(), range, 3 * 28 * scale))
                .build().render();
    }

    private static String describe(Target t, LoadedModel m, int predicted) {
        if (t instanceof Target.Predicted) {
            return "class " + predicted + " (" + m.classNames().get(predicted) + ", the predicted one)";
        }
        if (t instanceof Target.ClassIndex c && c.index() < m.classNames().size()) {
            return "class " + c.index() + " (" + m.classNames().get(c.index()) + ")";
        }
        return t.toString();
    }

    private void writeRaw(Attribution a) throws IOException {
        if (raw.toString().endsWith(".npy")) {
            Npy.write(raw, a.map());
            return;
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("method", a.provenance().method());
        root.put("model", a.provenance().modelDigest());
        root.put("target", a.target().toString());
        ObjectNode p = root.putObject("parameters");
        a.provenance().parameters().forEach(p::put);
        ArrayNode shape = root.putArray("shape");
        for (int d : a.map().shape()) {
            shape.add(d);
        }
        ArrayNode values = root.putArray("values");
        for (float v : a.map().data()) {
            values.add(v);
        }
        ArrayNode scores = root.putArray("scores");
        for (double s : a.scores()) {
            scores.add(s);
        }
        AtomicFile.write(raw, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
