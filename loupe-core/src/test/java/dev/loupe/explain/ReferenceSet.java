package dev.loupe.explain;

import dev.loupe.nn.AvgPool2d;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Dropout;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.Layer;
import dev.loupe.nn.Linear;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.PoolWindow;
import dev.loupe.nn.ReLU;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Test access to the peer-computed reference set ({@code /work/shared/reference}, or the system property
 * {@code loupe.reference}): its manifest, its raw float32 tensors and its models built from the layer list.
 */
final class ReferenceSet {
    final Path root;
    final Map<String, Object> manifest;

    private ReferenceSet(Path root) throws IOException {
        this.root = root;
        this.manifest = obj(MiniJson.parse(Files.readString(root.resolve("manifest.json"))));
    }

    /** The reference set, or null when it is not on this machine. */
    static ReferenceSet locate() {
        Path root = Path.of(System.getProperty("loupe.reference", "/work/shared/reference"));
        if (!Files.isRegularFile(root.resolve("manifest.json"))) {
            return null;
        }
        try {
            return new ReferenceSet(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    static int[] ints(Object o) {
        return list(o).stream().mapToInt(v -> ((Double) v).intValue()).toArray();
    }

    static double[] doubles(Object o) {
        return list(o).stream().mapToDouble(v -> (Double) v).toArray();
    }

    List<Map<String, Object>> cases() {
        return list(manifest.get("cases")).stream().map(ReferenceSet::obj).toList();
    }

    /** A tensor entry {@code {file, shape}}. */
    Tensor tensor(Object entry) {
        Map<String, Object> e = obj(entry);
        int[] shape = ints(e.get("shape"));
        try {
            byte[] bytes = Files.readAllBytes(root.resolve((String) e.get("file")));
            float[] data = new float[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            return Tensor.wrap(data, shape);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The named model built from its layer list and parameter files. */
    Model model(String name) {
        Map<String, Object> m = obj(obj(manifest.get("models")).get(name));
        Model.Builder b = Model.builder(name, ints(m.get("input_shape")));
        for (Object o : list(m.get("layers"))) {
            Map<String, Object> l = obj(o);
            String[] inputs = list(l.get("inputs")).toArray(new String[0]);
            b.add((String) l.get("name"), layer(l), inputs);
        }
        return b.build();
    }

    private Layer layer(Map<String, Object> l) {
        Map<String, Object> p = l.containsKey("params") ? obj(l.get("params")) : Map.of();
        Tensor bias = p.containsKey("bias") ? tensor(p.get("bias")) : null;
        return switch ((String) l.get("type")) {
            case "conv2d" -> {
                int[] k = ints(l.get("kernel")), s = ints(l.get("stride")), pad = ints(l.get("padding")),
                        d = ints(l.get("dilation"));
                yield new Conv2d(new ConvGeometry(((Double) l.get("in_channels")).intValue(),
                        ((Double) l.get("out_channels")).intValue(), k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1],
                        ((Double) l.get("groups")).intValue()), tensor(p.get("weight")), bias);
            }
            case "linear" -> new Linear(tensor(p.get("weight")), bias);
            case "batchnorm2d" -> new BatchNorm2d(tensor(p.get("weight")), bias, tensor(p.get("running_mean")),
                    tensor(p.get("running_var")), (Double) l.get("eps"), 0.1);
            case "relu" -> new ReLU();
            case "flatten" -> new Flatten();
            case "dropout" -> new Dropout((Double) l.get("p"));
            case "maxpool2d" -> new MaxPool2d(window(l));
            case "avgpool2d" -> new AvgPool2d(window(l), (Boolean) l.get("count_include_pad"));
            default -> throw new IllegalArgumentException("reference layer type " + l.get("type"));
        };
    }

    private static PoolWindow window(Map<String, Object> l) {
        int[] k = ints(l.get("kernel")), s = ints(l.get("stride")), pad = ints(l.get("padding"));
        int[] d = l.containsKey("dilation") ? ints(l.get("dilation")) : new int[] {1, 1};
        return new PoolWindow(k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1], (Boolean) l.get("ceil_mode"));
    }
}
