package dev.loupe.explain.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.loupe.LoupeException;
import dev.loupe.explain.Attribution;
import dev.loupe.explain.Explainer;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.Target;
import dev.loupe.explain.cam.GradCam;
import dev.loupe.explain.gradient.Saliency;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseTunnelTest {
    private final Model model = Architectures.create("seednet", 9);
    private final Tensor input = Tensor.randn(new Random(4), 1f, 2, 1, 28, 28);
    private final Target target = new Target.ClassIndex(2);

    @Test
    void withoutNoiseEveryKindReducesToTheBaseMethod() {
        for (Explainer base : new Explainer[] {new Saliency(Saliency.Mode.SIGNED), new GradCam("", true)}) {
            Tensor plain = base.explain(model, input, target).map();
            NoiseSource none = new NoiseSource.Gaussian(3, 0, 1);
            assertThat(new NoiseTunnel(base, NoiseTunnel.Kind.SMOOTHGRAD, none).explain(model, input, target).map()
                    .data()).containsExactly(plain.data(), within(1e-7f));
            assertThat(new NoiseTunnel(base, NoiseTunnel.Kind.SMOOTHGRAD_SQUARED, none).explain(model, input, target)
                    .map().data()).containsExactly(plain.times(plain).data(), within(1e-9f));
            assertThat(new NoiseTunnel(base, NoiseTunnel.Kind.VARGRAD, none).explain(model, input, target).map()
                    .absMax()).isLessThan(1e-9f);
        }
    }

    /** Oracle: the replayed SmoothGrad, SmoothGrad² and VarGrad written out sample by sample. */
    @Test
    void replayedNoiseAgreesWithAnExplicitLoop() {
        Tensor noise = Tensor.randn(new Random(8), 0.3f, 4, 2, 1, 28, 28);
        Saliency saliency = new Saliency(Saliency.Mode.SIGNED);
        Tensor[] maps = new Tensor[4];
        for (int k = 0; k < 4; k++) {
            maps[k] = saliency.explain(model, input.plus(noise.slice(k, k + 1).reshape(input.shape())), target).map();
        }
        NoiseSource replay = new NoiseSource.Replay(noise);
        float[] mean = new NoiseTunnel(saliency, NoiseTunnel.Kind.SMOOTHGRAD, replay).explain(model, input, target)
                .map().data();
        float[] var = new NoiseTunnel(saliency, NoiseTunnel.Kind.VARGRAD, replay).explain(model, input, target)
                .map().data();
        for (int j = 0; j < mean.length; j += 7) {
            double s = 0, sq = 0;
            for (Tensor m : maps) {
                s += m.data()[j];
                sq += (double) m.data()[j] * m.data()[j];
            }
            assertThat(mean[j]).isCloseTo((float) (s / 4), within(1e-7f));
            assertThat(var[j]).isCloseTo((float) (sq / 4 - (s / 4) * (s / 4)), within(1e-9f));
        }
    }

    @Test
    void seededNoiseIsReproducibleAndRecorded() {
        Explainer sg = MethodRegistry.defaults().create("smoothgrad", Map.of("samples", "3", "stdev", "0.5",
                "seed", "42", "base", "saliency", "base-params", "mode=abs"));
        Attribution a = sg.explain(model, input, target);
        Attribution b = sg.explain(model, input, target);
        assertThat(a.map().data()).containsExactly(b.map().data());
        assertThat(a.provenance().seed()).isEqualTo(42);
        assertThat(a.provenance().parameters()).containsEntry("base", "saliency").containsEntry("base.mode", "abs");
        assertThat(a.map().min()).isGreaterThanOrEqualTo(0f);
        Attribution other = MethodRegistry.defaults().create("smoothgrad", Map.of("samples", "3", "stdev", "0.5",
                "seed", "43")).explain(model, input, target);
        assertThat(other.map().data()).isNotEqualTo(a.map().data());
    }

    @Test
    void badNoiseIsRejected() {
        assertThatThrownBy(() -> new NoiseTunnel(new Saliency(Saliency.Mode.SIGNED), NoiseTunnel.Kind.SMOOTHGRAD,
                new NoiseSource.Replay(Tensor.zeros(2, 1, 1, 28, 28))).explain(model, input, target))
                .isInstanceOf(LoupeException.class).hasMessageContaining("does not fit the input");
        assertThatThrownBy(() -> MethodRegistry.defaults().create("smoothgrad", Map.of("base", "smoothgrad")))
                .isInstanceOf(LoupeException.class);
        assertThatThrownBy(() -> new NoiseSource.Gaussian(0, 1, 1)).isInstanceOf(LoupeException.class);
    }
}
