package dev.loupe.conformance;

import dev.loupe.LoupeException;
import dev.loupe.explain.Target;
import dev.loupe.explain.propagation.ModifiedBackprop;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Map;

/**
 * Method {@code neuron_deconvnet}: the DeconvNet projection of the activation {@code neuron_channel_row_col} of
 * {@code layer}'s output, seeded with 1, for every image; outputs {@code attribution} and {@code layer_activation}.
 */
public final class NeuronDeconvNetHandler implements CaseHandler {
    @Override
    public Map<String, Tensor> compute(ReferenceCase c, Model model) {
        if (c.hyperparameters().has("attribute_to_neuron_input") && c.flag("attribute_to_neuron_input")) {
            throw new LoupeException("case " + c.id() + ": only attribute_to_neuron_input=false is supported");
        }
        String layer = c.text("layer");
        var at = c.hyperparameter("neuron_channel_row_col");
        Target neuron = new Target.Neuron(layer, at.get(0).asInt(), at.get(1).asInt(), at.get(2).asInt());
        Tensor input = c.loadInput();
        return Map.of("attribution", ModifiedBackprop.deconvNet().explain(model, input, neuron).map(),
                "layer_activation", model.forward(input).activation(layer));
    }
}
