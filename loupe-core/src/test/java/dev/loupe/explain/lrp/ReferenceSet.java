package dev.loupe.explain.lrp;

import dev.loupe.nn.Add;
import dev.loupe.nn.AvgPool2d;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Dropout;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.GlobalAvgPool;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal reader of the shared reference set ({@code /work/shared/reference}) for loupe-core tests: a small JSON
 * parser for {@code manifest.json}, raw little-endian float32 files, and models built from the manifest's layer
 * lists. (loupe-core has no JSON library; the full conformance runner lives in loupe-app.)
 */
final class ReferenceSet {
    static final Path ROOT = Path.of(System.getProperty("loupe.reference", "/work/shared/reference"));

    private final Map<String, Object> manifest;

    private ReferenceSet(Map<String, Object> manifest) {
        this.manifest = manifest;
    }

    static boolean available() {
        return Files.isRegularFile(ROOT.resolve("manifest.json"));
    }

    @SuppressWarnings("unchecked")
    static ReferenceSet load() throws IOException {
        return new ReferenceSet((Map<String, Object>) new Json(Files.readString(ROOT.resolve("manifest.json"))).value());
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cases(String method) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object c : (List<Object>) manifest.get("cases")) {
            Map<String, Object> m = (Map<String, Object>) c;
            if (method.equals(m.get("method"))) {
                out.add(m);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    @SuppressWarnings("unchecked")
    static int[] ints(Object list) {
        return ((List<Object>) list).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    /** The tensor a {@code {"file":…, "shape":…}} entry describes. */
    static Tensor tensor(Map<String, Object> entry) throws IOException {
        byte[] bytes = Files.readAllBytes(ROOT.resolve((String) entry.get("file")));
        float[] data = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return Tensor.wrap(data, ints(entry.get("shape")));
    }

    /** The named model built from its layer list and parameter files. */
    @SuppressWarnings("unchecked")
    Model model(String name) throws IOException {
        Map<String, Object> m = map(map(manifest, "models"), name);
        Model.Builder b = Model.builder(name, ints(m.get("input_shape")));
        for (Object o : (List<Object>) m.get("layers")) {
            Map<String, Object> l = (Map<String, Object>) o;
            List<String> inputs = (List<String>) (List<?>) l.get("inputs");
            b.add((String) l.get("name"), layer(l), inputs.toArray(new String[0]));
        }
        return b.build();
    }

    private static Layer layer(Map<String, Object> l) throws IOException {
        String type = (String) l.get("type");
        Map<String, Object> p = map(l, "params");
        switch (type) {
            case "conv2d": {
                int[] k = ints(l.get("kernel")), s = ints(l.get("stride")), pad = ints(l.get("padding")),
                        d = ints(l.get("dilation"));
                ConvGeometry g = new ConvGeometry(num(l, "in_channels"), num(l, "out_channels"), k[0], k[1], s[0],
                        s[1], pad[0], pad[1], d[0], d[1], num(l, "groups"));
                return new Conv2d(g, tensor(map(p, "weight")), p.containsKey("bias") ? tensor(map(p, "bias")) : null);
            }
            case "linear":
                return new Linear(tensor(map(p, "weight")), p.containsKey("bias") ? tensor(map(p, "bias")) : null);
            case "batchnorm2d":
                return new BatchNorm2d(tensor(map(p, "weight")), tensor(map(p, "bias")),
                        tensor(map(p, "running_mean")), tensor(map(p, "running_var")),
                        ((Number) l.get("eps")).doubleValue(), 0.1);
            case "relu":
                return new ReLU();
            case "flatten":
                return new Flatten();
            case "dropout":
                return new Dropout(((Number) l.get("p")).doubleValue());
            case "add":
                return new Add();
            case "globalavgpool":
                return new GlobalAvgPool();
            case "maxpool2d":
            case "avgpool2d": {
                int[] k = ints(l.get("kernel")), s = ints(l.get("stride")), pad = ints(l.get("padding"));
                int[] d = l.containsKey("dilation") ? ints(l.get("dilation")) : new int[] {1, 1};
                PoolWindow w = new PoolWindow(k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1],
                        Boolean.TRUE.equals(l.get("ceil_mode")));
                return type.equals("maxpool2d") ? new MaxPool2d(w)
                        : new AvgPool2d(w, Boolean.TRUE.equals(l.get("count_include_pad")));
            }
            default:
                throw new IllegalArgumentException("unknown layer type " + type);
        }
    }

    private static int num(Map<String, Object> l, String key) {
        return ((Number) l.get(key)).intValue();
    }

    /** A small recursive-descent JSON parser: objects, arrays, strings, numbers, booleans and null. */
    private static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                skip();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    skip();
                    String key = string();
                    skip();
                    expect(':');
                    m.put(key, value());
                    skip();
                    if (s.charAt(i++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                i++;
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return list;
                }
                while (true) {
                    list.add(value());
                    skip();
                    if (s.charAt(i++) == ']') {
                        return list;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            if (s.startsWith("true", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("false", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return Double.parseDouble(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
