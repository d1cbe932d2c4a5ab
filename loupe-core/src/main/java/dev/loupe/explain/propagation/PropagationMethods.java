package dev.loupe.explain.propagation;

import dev.loupe.explain.MethodProvider;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.ParameterSpec;
import java.util.List;

/** The propagation family in the registry: {@code deconvnet} and {@code guided-backprop}. */
public final class PropagationMethods implements MethodProvider {
    @Override
    public List<MethodSpec> methods() {
        ParameterSpec seed = ParameterSpec.choice("seed", "one", "start the walk with 1 or with the activation itself "
                + "(for neuron:, channel: and layer: targets)", "one", "activation");
        return List.of(
                new MethodSpec("deconvnet", "propagation",
                        "DeconvNet projection: ReLUs rectify the backward signal (Zeiler & Fergus 2014)",
                        List.of(seed), p -> new ModifiedBackprop("deconvnet", ReLUOverride.DECONVNET,
                                p.text("seed").equals("activation"))),
                new MethodSpec("guided-backprop", "propagation",
                        "guided backpropagation: only positive signal through active ReLUs (Springenberg et al. 2015)",
                        List.of(seed), p -> new ModifiedBackprop("guided-backprop", ReLUOverride.GUIDED_BACKPROP,
                                p.text("seed").equals("activation"))));
    }
}
