package dev.loupe.explain.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.explain.testdata.TrainedSeednet;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DeepDream: every octave raises the chosen activation's norm; bad layers are refused. */
class DeepDreamTest {

    private static Tensor start(Model model) {
        if (TrainedSeednet.available()) {
            return TrainedSeednet.data().image(0);
        }
        return Tensor.randn(new Random(1), 1f, 1, 1, 28, 28);
    }

    @Test
    void everyOctaveRaisesTheLayerNorm() {
        Model model = TrainedSeednet.available() ? TrainedSeednet.model() : Architectures.create("seednet", 2);
        Tensor image = start(model);
        DeepDream.Dream dream = new DeepDream().dream(model, image, DreamConfig.of("relu1"));
        assertThat(dream.octaves()).hasSize(3);
        assertThat(dream.octaves()).extracting(DeepDream.Octave::height).containsExactly(14, 20, 28);
        for (DeepDream.Octave o : dream.octaves()) {
            assertThat(o.after()).as("octave %dx%d", o.height(), o.width()).isGreaterThan(o.before());
        }
        assertThat(dream.image().shape()).isEqualTo(image.shape());
        assertThat(image.data()).as("input untouched").containsExactly(start(model).data());

        // conv2 needs at least 16 pixels: octaves of ratio 1.2 give 19, 23 and 28
        DeepDream.Dream channel = new DeepDream().dream(model, image,
                new DreamConfig("conv2", 3, 3, 1.2, 10, 0.05, 1, 7));
        assertThat(channel.octaves()).extracting(DeepDream.Octave::height).containsExactly(19, 23, 28);
        for (DeepDream.Octave o : channel.octaves()) {
            assertThat(o.after()).isGreaterThan(o.before());
        }
    }

    @Test
    void layersWithoutSpatialExtentAndTinyOctavesAreRefused() {
        Model model = Architectures.create("seednet", 2);
        Tensor image = Tensor.randn(new Random(1), 1f, 1, 1, 28, 28);
        assertThatThrownBy(() -> new DeepDream().dream(model, image, DreamConfig.of("fc1")))
                .isInstanceOf(LoupeException.class).hasMessageContaining("spatial extent");
        assertThatThrownBy(() -> new DeepDream().dream(model, image, DreamConfig.of("relu2").withChannel(20)))
                .isInstanceOf(LoupeException.class).hasMessageContaining("channel 20");
        assertThatThrownBy(() -> new DeepDream().dream(model, image,
                new DreamConfig("relu2", -1, 4, 2.0, 2, 0.05, 0, 0)))
                .isInstanceOf(LoupeException.class).hasMessageContaining("too small");
        assertThatThrownBy(() -> new DreamConfig("relu2", -1, 0, 1.4, 2, 0.05, 0, 0))
                .isInstanceOf(LoupeException.class);
    }
}
