package dev.loupe.explain.perturbation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Target;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The occlusion cases of the peer reference set (Captum 0.8.0), read from its manifest: every hyper-parameter,
 * target and tolerance comes from there. A minimal JSON reader and model builder live here until the shared
 * reference loader lands.
 */
class OcclusionReferenceTest {
    private static final Path ROOT = Path.of("/work/shared/reference");

    static Stream<Arguments> cases() throws IOException {
        if (!Files.exists(ROOT.resolve("manifest.json"))) {
            return Stream.of(Arguments.of("reference set absent", null));
        }
        Map<String, Object> manifest = manifest();
        List<Arguments> out = new ArrayList<>();
        for (Object c : list(manifest.get("cases"))) {
            Map<String, Object> kase = map(c);
            if ("occlusion".equals(kase.get("method"))) {
                out.add(Arguments.of(kase.get("id"), kase));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesCaptum(String id, Map<String, Object> kase) throws IOException {
        Assumptions.assumeTrue(kase != null, "reference set not found at " + ROOT);
        Map<String, Object> manifest = manifest();
        Map<String, Object> modelEntry = null;
        Object models = manifest.get("models");
        for (Object m : models instanceof Map<?, ?> mm ? new ArrayList<>(mm.values()) : list(models)) {
            if (kase.get("model").equals(map(m).get("dir")) || kase.get("model").equals(map(m).get("name"))) {
                modelEntry = map(m);
            }
        }
        assertThat(modelEntry).as("model of %s", id).isNotNull();
        Model model = build(modelEntry);
        Map<String, Object> in = map(kase.get("input"));
        Tensor input = read(in);
        Map<String, Object> hp = map(kase.get("hyperparameters"));
        List<Object> window = list(hp.get("sliding_window_shapes")), strides = list(hp.get("strides"));
        OcclusionConfig cfg = new OcclusionConfig(
                new Extent(num(window.get(0)), num(window.get(1)), num(window.get(2))),
                new Extent(num(strides.get(0)), num(strides.get(1)), num(strides.get(2))),
                new Fill.Constant((float) ((Number) hp.get("baselines")).doubleValue()), OcclusionOutput.DROP,
                OcclusionConfig.DEFAULT_BATCH, true);
        int[] targets = list(kase.get("targets")).stream().mapToInt(OcclusionReferenceTest::num).toArray();
        Attribution a = new Occlusion(cfg).explain(model, input, new Target.PerImage(targets));
        Map<String, Object> expectedEntry = map(map(kase.get("outputs")).get("attribution"));
        Tensor expected = read(expectedEntry);
        double rtol = ((Number) expectedEntry.get("rtol")).doubleValue();
        double atol = ((Number) expectedEntry.get("atol")).doubleValue();
        assertThat(a.map().shape()).isEqualTo(expected.shape());
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.data()[i];
            assertThat((double) a.map().data()[i]).as("%s element %d", id, i)
                    .isCloseTo(e, org.assertj.core.data.Offset.offset(atol + rtol * Math.abs(e)));
        }
    }

    private static Model build(Map<String, Object> entry) throws IOException {
        List<Object> shape = list(entry.get("input_shape"));
        Model.Builder b = Model.builder((String) entry.get("dir"), num(shape.get(0)), num(shape.get(1)),
                num(shape.get(2)));
        for (Object o : list(entry.get("layers"))) {
            Map<String, Object> l = map(o);
            Map<String, Object> params = l.containsKey("params") ? map(l.get("params")) : Map.of();
            Layer layer = switch ((String) l.get("type")) {
                case "conv2d" -> {
                    List<Object> k = list(l.get("kernel")), s = list(l.get("stride")), p = list(l.get("padding")),
                            d = list(l.get("dilation"));
                    ConvGeometry g = new ConvGeometry(num(l.get("in_channels")), num(l.get("out_channels")),
                            num(k.get(0)), num(k.get(1)), num(s.get(0)), num(s.get(1)), num(p.get(0)), num(p.get(1)),
                            num(d.get(0)), num(d.get(1)), num(l.get("groups")));
                    yield new Conv2d(g, read(map(params.get("weight"))),
                            params.containsKey("bias") ? read(map(params.get("bias"))) : null);
                }
                case "linear" -> new Linear(read(map(params.get("weight"))),
                        params.containsKey("bias") ? read(map(params.get("bias"))) : null);
                case "batchnorm2d" -> new BatchNorm2d(read(map(params.get("weight"))), read(map(params.get("bias"))),
                        read(map(params.get("running_mean"))), read(map(params.get("running_var"))),
                        ((Number) l.get("eps")).doubleValue(), 0.1);
                case "relu" -> new ReLU();
                case "flatten" -> new Flatten();
                case "dropout" -> new Dropout(l.containsKey("p") ? ((Number) l.get("p")).doubleValue() : 0.5);
                case "maxpool2d", "avgpool2d" -> {
                    List<Object> k = list(l.get("kernel")), s = list(l.get("stride")), p = list(l.get("padding"));
                    List<Object> d = l.containsKey("dilation") ? list(l.get("dilation")) : List.of(1, 1);
                    PoolWindow w = new PoolWindow(num(k.get(0)), num(k.get(1)), num(s.get(0)), num(s.get(1)),
                            num(p.get(0)), num(p.get(1)), num(d.get(0)), num(d.get(1)),
                            Boolean.TRUE.equals(l.get("ceil_mode")));
                    yield l.get("type").equals("maxpool2d") ? new MaxPool2d(w)
                            : new AvgPool2d(w, Boolean.TRUE.equals(l.get("count_include_pad")));
                }
                default -> throw new IllegalStateException("layer type " + l.get("type"));
            };
            b.add((String) l.get("name"), layer, list(l.get("inputs")).toArray(new String[0]));
        }
        return b.build();
    }

    private static Tensor read(Map<String, Object> entry) throws IOException {
        byte[] bytes = Files.readAllBytes(ROOT.resolve((String) entry.get("file")));
        float[] data = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return Tensor.wrap(data, list(entry.get("shape")).stream().mapToInt(OcclusionReferenceTest::num).toArray());
    }

    private static int num(Object o) {
        return ((Number) o).intValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static Map<String, Object> cached;

    private static synchronized Map<String, Object> manifest() throws IOException {
        if (cached == null) {
            cached = map(new Json(Files.readString(ROOT.resolve("manifest.json"))).value());
        }
        return cached;
    }

    /** A minimal JSON reader: objects, arrays, strings, numbers, booleans and null. */
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
                    String key = (String) value();
                    skip();
                    i++; // ':'
                    m.put(key, value());
                    skip();
                    if (s.charAt(i++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    skip();
                    if (s.charAt(i++) == ']') {
                        return l;
                    }
                }
            }
            if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (s.charAt(i) != '"') {
                    char ch = s.charAt(i++);
                    if (ch == '\\') {
                        char e = s.charAt(i++);
                        if (e == 'u') {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        } else {
                            b.append(switch (e) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                default -> e;
                            });
                        }
                    } else {
                        b.append(ch);
                    }
                }
                i++;
                return b.toString();
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

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
