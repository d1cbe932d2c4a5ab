package dev.loupe.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void sgdWithMomentumAndWeightDecayFollowsPyTorch() {
        // lr 0.1, μ 0.9, wd 0.1, p₀ = 1, g = 0.5 both steps.
        // step 1: g' = 0.5 + 0.1·1 = 0.6;   v = 0.6;                 p = 1 − 0.06 = 0.94
        // step 2: g' = 0.5 + 0.1·0.94 = 0.594; v = 0.9·0.6 + 0.594 = 1.134; p = 0.94 − 0.1134 = 0.8266
        Tensor p = Tensor.of(new float[] {1f}, 1);
        Optimizer sgd = new OptimizerSpec.Sgd(0.1, 0.9, 0.1).create();
        sgd.step(List.of(p), List.of(Tensor.of(new float[] {0.5f}, 1)), Parallel.serial());
        assertThat((double) p.data()[0]).isCloseTo(0.94, within(1e-6));
        sgd.step(List.of(p), List.of(Tensor.of(new float[] {0.5f}, 1)), Parallel.serial());
        assertThat((double) p.data()[0]).isCloseTo(0.8266, within(1e-6));
        assertThat(sgd.steps()).isEqualTo(2);
    }

    @Test
    void plainSgdIsGradientDescent() {
        Tensor p = Tensor.of(new float[] {1f, -2f}, 2);
        Optimizer sgd = new OptimizerSpec.Sgd(0.5, 0, 0).create();
        sgd.step(List.of(p), List.of(Tensor.of(new float[] {0.25f, -1f}, 2)), Parallel.serial());
        assertThat(p.data()).containsExactly(0.875f, -1.5f);
    }

    @Test
    void adamTwoStepsWithBiasCorrection() {
        // lr 0.1, β (0.9, 0.999), ε 1e-8; p₀ = 1, g₁ = 0.5, g₂ = −0.2.
        // step 1: m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25; p = 1 − 0.1·0.5/(0.5 + 1e-8) = 0.900000002
        // step 2: m = 0.045 − 0.02 = 0.025, v = 0.00024975 + 0.00004 = 0.00028975;
        //         m̂ = 0.025/0.19 = 0.1315789, v̂ = 0.00028975/0.001999 = 0.1449475, √v̂ = 0.3807198;
        //         p = 0.9 − 0.1·0.1315789/0.3807198 = 0.8654394
        Tensor p = Tensor.of(new float[] {1f}, 1);
        Optimizer adam = OptimizerSpec.Adam.of(0.1).create();
        adam.step(List.of(p), List.of(Tensor.of(new float[] {0.5f}, 1)), Parallel.serial());
        assertThat((double) p.data()[0]).isCloseTo(0.900000002, within(1e-6));
        adam.step(List.of(p), List.of(Tensor.of(new float[] {-0.2f}, 1)), Parallel.serial());
        assertThat((double) p.data()[0]).isCloseTo(0.8654394181, within(1e-6));
    }

    @Test
    void adamWithL2WeightDecay() {
        // lr 0.01, β (0.8, 0.99), ε 1e-3, wd 0.5; p₀ = −2, g₁ = 0.3, g₂ = 0.1.
        // step 1: g' = 0.3 − 1 = −0.7; m̂ = −0.7, √v̂ = 0.7; p = −2 + 0.01·0.7/0.701 = −1.9900143
        // step 2: g' = 0.1 + 0.5·(−1.9900143) = −0.8950071; m = 0.8·(−0.14) + 0.2·g' = −0.2910014,
        //         v = 0.99·0.0049 + 0.01·g'² = 0.0128614; m̂ = −0.8083373, √v̂ = 0.8039281; p = −1.9799719
        Tensor p = Tensor.of(new float[] {-2f}, 1);
        Optimizer adam = new OptimizerSpec.Adam(0.01, 0.8, 0.99, 1e-3, 0.5).create();
        adam.step(List.of(p), List.of(Tensor.of(new float[] {0.3f}, 1)), Parallel.serial());
        assertThat((double) p.data()[0]).isCloseTo(-1.9900142653, within(1e-6));
        adam.step(List.of(p), List.of(Tensor.of(new float[] {0.1f}, 1)), Parallel.serial());
        assertThat((double) p.data()[0]).isCloseTo(-1.9799719113, within(1e-6));
    }

    @Test
    void largeTensorsGiveTheSameBitsOnAnyThreadCount() {
        Random random = new Random(1);
        Tensor p1 = Tensor.randn(random, 1f, 1 << 17);
        Tensor p2 = p1.copy();
        Tensor g = Tensor.randn(random, 1f, 1 << 17);
        Optimizer serial = new OptimizerSpec.Adam(1e-3, 0.9, 0.999, 1e-8, 1e-4).create();
        Optimizer twoThreads = new OptimizerSpec.Adam(1e-3, 0.9, 0.999, 1e-8, 1e-4).create();
        for (int i = 0; i < 3; i++) {
            serial.step(List.of(p1), List.of(g), Parallel.serial());
            twoThreads.step(List.of(p2), List.of(g), Parallel.of(2));
        }
        assertThat(p2.data()).isEqualTo(p1.data());
    }

    @Test
    void specsValidateTheirHyperParameters() {
        assertThatThrownBy(() -> new OptimizerSpec.Sgd(0, 0.9, 0)).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> new OptimizerSpec.Sgd(0.1, 1, 0)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> new OptimizerSpec.Sgd(0.1, 0.9, -1)).hasMessageContaining("weight decay");
        assertThatThrownBy(() -> new OptimizerSpec.Adam(0.1, 0.9, 1.0, 1e-8, 0)).hasMessageContaining("betas");
        assertThatThrownBy(() -> new OptimizerSpec.Adam(0.1, 0.9, 0.99, 0, 0)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> new TrainingConfig(0, 8, OptimizerSpec.Adam.of(0.1), 1, 1))
                .hasMessageContaining("epochs");
        assertThatThrownBy(() -> new TrainingConfig(1, 0, OptimizerSpec.Adam.of(0.1), 1, 1))
                .hasMessageContaining("batch size");
        assertThatThrownBy(() -> new TrainingConfig(1, 8, OptimizerSpec.Adam.of(0.1), 1, 0))
                .hasMessageContaining("thread");
    }

    @Test
    void rejectsAChangedParameterList() {
        Optimizer sgd = new OptimizerSpec.Sgd(0.1, 0.9, 0).create();
        sgd.step(List.of(Tensor.zeros(2)), List.of(Tensor.zeros(2)), Parallel.serial());
        assertThatThrownBy(() -> sgd.step(List.of(Tensor.zeros(2), Tensor.zeros(1)),
                List.of(Tensor.zeros(2), Tensor.zeros(1)), Parallel.serial()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
