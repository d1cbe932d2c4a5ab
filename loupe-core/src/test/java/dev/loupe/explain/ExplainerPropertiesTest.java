package dev.loupe.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generic properties of every registered gradient, noise, propagation and CAM method on every built-in
 * architecture, from one table (Captum's {@code test_config} idea): add a row and every property runs on it.
 *
 * <ul>
 *   <li>the map has the expected shape and is finite;</li>
 *   <li>explaining a batch gives the same maps as explaining its images one by one;</li>
 *   <li>two threads give the same maps as one (within 1e-5 of the largest value);</li>
 *   <li>the model is unchanged (its digest before and after), and so is the input;</li>
 *   <li>the provenance names the method, its seed and the model digest.</li>
 * </ul>
 */
class ExplainerPropertiesTest {
    /** Method name, cheap parameters, channels of the map (the input's C, or 1). */
    private static final Object[][] METHODS = {
            {"saliency", Map.of(), -1},
            {"saliency", Map.of("mode", "max-channel"), 1},
            {"gradient-x-input", Map.of(), -1},
            {"integrated-gradients", Map.of("steps", "6", "internal-batch", "5", "rule", "trapezoid"), -1},
            {"smoothgrad", Map.of("samples", "3", "stdev", "0.2", "seed", "5"), -1},
            {"smoothgrad", Map.of("samples", "2", "kind", "vargrad", "base", "guided-backprop"), -1},
            {"deconvnet", Map.of(), -1},
            {"guided-backprop", Map.of(), -1},
            {"gradcam", Map.of(), 1},
            {"gradcam++", Map.of(), 1},
            {"scorecam", Map.of("batch", "24"), 1},
            {"guided-gradcam", Map.of("interpolation", "bilinear"), -1},
    };
    private static final int IMAGES = 2;
    private static final Map<String, Model> MODELS = new HashMap<>();

    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (String arch : Architectures.NAMES) {
            for (Object[] m : METHODS) {
                rows.add(Arguments.of(m[0], m[1], m[2], arch));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} {1} on {3}")
    @MethodSource("table")
    void batchThreadsAndImmutability(String method, Map<String, String> params, int channels, String arch) {
        Model model = MODELS.computeIfAbsent(arch, a -> Architectures.create(a, 11));
        Tensor input = Tensor.randn(new Random(arch.hashCode()), 1f, IMAGES, 1, 28, 28);
        Tensor inputCopy = input.copy();
        String digest = model.recomputeDigest();
        Explainer explainer = MethodRegistry.defaults().create(method, params);
        assertThat(explainer.name()).isEqualTo(method);
        Target target = new Target.Predicted();

        Attribution serial = withThreads(1, () -> explainer.explain(model, input, target));
        int c = channels < 0 ? input.dim(1) : channels;
        assertThat(serial.map().shape()).containsExactly(IMAGES, c, 28, 28);
        for (float v : serial.map().data()) {
            assertThat(Float.isFinite(v)).isTrue();
        }
        assertThat(serial.scores()).hasSize(IMAGES);
        assertThat(serial.provenance().method()).isEqualTo(method);
        assertThat(serial.provenance().modelDigest()).isEqualTo(digest);

        Attribution threaded = withThreads(2, () -> explainer.explain(model, input, target));
        assertClose(threaded.map(), serial.map(), 1e-5, method + " two threads vs one on " + arch);

        float[] alone = new float[serial.map().size()];
        int per = alone.length / IMAGES;
        for (int i = 0; i < IMAGES; i++) {
            int image = i;
            Attribution one = withThreads(1, () -> explainer.explain(model, input.item(image), target));
            System.arraycopy(one.map().data(), 0, alone, i * per, per);
            assertThat(one.scores()[0]).isCloseTo(serial.scores()[i],
                    org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, Math.abs(serial.scores()[i]))));
        }
        assertClose(Tensor.wrap(alone, serial.map().shape()), serial.map(), 1e-5,
                method + " one by one vs batch on " + arch);

        assertThat(model.recomputeDigest()).as("model unchanged").isEqualTo(digest);
        assertThat(input.data()).as("input unchanged").containsExactly(inputCopy.data());
    }

    static <T> T withThreads(int threads, java.util.function.Supplier<T> body) {
        Parallel before = Parallel.defaults();
        Parallel.setDefaultThreads(threads);
        try {
            return body.get();
        } finally {
            Parallel.setDefaultThreads(before.threads());
        }
    }

    static void assertClose(Tensor actual, Tensor expected, double relative, String what) {
        double scale = Math.max(expected.absMax(), 1e-6);
        float[] a = actual.data(), e = expected.data();
        assertThat(a.length).isEqualTo(e.length);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
        }
        assertThat(worst).as("%s: largest difference relative to max |value| %s", what, scale)
                .isLessThanOrEqualTo(relative * scale);
    }
}
