package dev.loupe.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.tensor.Gemm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gradient, noise, propagation and CAM cases of the developer reference set (Captum 0.8.0) on all four models,
 * through the standard handlers: every hyper-parameter comes from the manifest and every output must meet the
 * case's tolerance.
 */
class ExplanationConformanceTest {
    /**
     * Cases that hinge on a float32 near-tie the engine's convolution does not resolve like PyTorch. In
     * {@code mnistnet/smoothgrad_n8}, noisy sample 0 of image 1 has a max-pool window (conv2 channel 23, rows 22–23,
     * column 9) whose two candidates differ by 2e-8 in exact arithmetic (0.00127714547 at row 23 against
     * 0.00127712522 at row 22, computed in double; PyTorch orders them correctly), while Loupe's float32
     * convolution is off by 1.5e-7 and routes that sample's gradient to row 22: 9 pixels of a 6×5 patch miss by up to
     * 0.4 % (2.5 times the tolerance). Such a case may fail with float accumulation without failing this test; with
     * double accumulation (what {@code loupe conformance} uses by default) it must pass like every other case.
     */
    private static final Map<String, String> FLOAT_NEAR_TIES = Map.of("mnistnet/smoothgrad_n8",
            "max-pool near-tie (exact gap 2e-8) flipped by float32 convolution rounding");
    private static ReferenceSet set;

    @BeforeAll
    static void load() {
        set = ReferenceSet.load(SharedReference.requireDir());
    }

    @ParameterizedTest
    @ValueSource(strings = {"saliency", "gradient_x_input", "integrated_gradients", "smoothgrad", "guided_backprop",
            "deconvnet", "neuron_deconvnet", "gradcam", "guided_gradcam"})
    void everyCaseOfEveryModelPasses(String method) {
        check(method, Gemm.Accumulation.FLOAT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"smoothgrad", "guided_backprop", "deconvnet", "gradcam"})
    void withDoubleAccumulationEvenTheNearTiesPass(String method) {
        Gemm.setAccumulation(Gemm.Accumulation.DOUBLE);
        try {
            check(method, Gemm.Accumulation.DOUBLE);
        } finally {
            Gemm.setAccumulation(Gemm.Accumulation.FLOAT);
        }
    }

    private static void check(String method, Gemm.Accumulation mode) {
        Conformance conformance = Conformance.standard();
        List<ReferenceCase> cases = set.cases(method);
        assertThat(cases).extracting(ReferenceCase::model)
                .contains("seednet", "seednet-trained", "mnistnet", "bnnet");
        for (ReferenceCase c : cases) {
            CaseResult r = conformance.runCase(set, c);
            if (!r.passed() && mode == Gemm.Accumulation.FLOAT && FLOAT_NEAR_TIES.containsKey(c.id())) {
                assertThat(r.detail()).as(r.line()).doesNotContain("Exception").contains("tolerance");
                continue;
            }
            assertThat(r.passed()).as(r.line()).isTrue();
        }
    }
}
