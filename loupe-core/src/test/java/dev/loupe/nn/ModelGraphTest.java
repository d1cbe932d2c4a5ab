package dev.loupe.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The graph queries of {@link Model}, against a scan of the node list. */
class ModelGraphTest {
    @Test
    void consumersAreTheNodesThatReadEachOutput() {
        for (String arch : Architectures.NAMES) {
            Model model = Architectures.create(arch, 3);
            List<String> names = new ArrayList<>(List.of(Model.INPUT));
            model.nodes().forEach(n -> names.add(n.name()));
            for (String name : names) {
                List<Node> expected = model.nodes().stream().filter(n -> n.inputs().contains(name)).toList();
                assertThat(model.consumersOf(name)).as("%s of %s", name, arch).isEqualTo(expected);
            }
            assertThat(model.consumersOf(model.nodes().get(model.nodes().size() - 1).name())).isEmpty();
        }
        Model residual = Architectures.create("resnet-mini", 3);
        assertThat(residual.nodes()).anySatisfy(n -> assertThat(residual.consumersOf(n.name())).hasSize(2));
    }
}
