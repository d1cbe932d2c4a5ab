package dev.loupe.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodRegistryTest {
    @Test
    void everyMethodOfTheGradientPropagationNoiseAndCamFamiliesIsRegistered() {
        MethodRegistry r = MethodRegistry.defaults();
        Map<String, String> families = Map.of("saliency", "gradient", "gradient-x-input", "gradient",
                "integrated-gradients", "gradient", "smoothgrad", "noise", "deconvnet", "propagation",
                "guided-backprop", "propagation", "gradcam", "cam", "gradcam++", "cam", "scorecam", "cam",
                "guided-gradcam", "cam");
        families.forEach((name, family) -> {
            MethodSpec spec = r.get(name);
            assertThat(spec.family()).isEqualTo(family);
            assertThat(spec.description()).isNotBlank();
            assertThat(r.create(name, Map.of()).name()).isEqualTo(name);
        });
    }

    @Test
    void badParametersAreOneLineErrors() {
        MethodRegistry r = MethodRegistry.defaults();
        assertThatThrownBy(() -> r.create("saliency", Map.of("mode", "loud"))).isInstanceOf(LoupeException.class)
                .hasMessageContaining("signed, abs, max-channel");
        assertThatThrownBy(() -> r.create("integrated-gradients", Map.of("rule", "simpson")))
                .isInstanceOf(LoupeException.class).hasMessageContaining("gauss-legendre");
        assertThatThrownBy(() -> r.create("integrated-gradients", Map.of("baseline", "grey")))
                .isInstanceOf(LoupeException.class).hasMessageContaining("blur:SIGMA");
        assertThatThrownBy(() -> r.create("gradcam", Map.of("alpha", "1"))).isInstanceOf(LoupeException.class)
                .hasMessageContaining("valid: layer, relu");
        assertThatThrownBy(() -> r.create("smoothgrad", Map.of("base-params", "steps")))
                .isInstanceOf(LoupeException.class).hasMessageContaining("key=value");
    }

    @Test
    void targetsReadTheWholeLayerSpelling() {
        assertThat(Target.parse("layer:relu2")).isEqualTo(new Target.WholeLayer("relu2"));
        assertThat(Target.parse("channel:conv1:3")).isEqualTo(new Target.Channel("conv1", 3));
    }
}
