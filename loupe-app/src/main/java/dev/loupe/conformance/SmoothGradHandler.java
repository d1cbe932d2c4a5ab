package dev.loupe.conformance;

import dev.loupe.LoupeException;
import dev.loupe.explain.Target;
import dev.loupe.explain.gradient.Saliency;
import dev.loupe.explain.noise.NoiseSource;
import dev.loupe.explain.noise.NoiseTunnel;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Tensor;
import java.util.Map;

/**
 * Method {@code smoothgrad}: the mean of the (signed, unless {@code gradient} says absolute) saliency over the
 * stored noise samples {@code aux_inputs.noise [samples, N, C, H, W]}, replayed exactly; output {@code attribution}.
 */
public final class SmoothGradHandler implements CaseHandler {
    @Override
    public Map<String, Tensor> compute(ReferenceCase c, Model model) {
        Tensor noise = c.loadAux("noise");
        if (noise.dim(0) != c.integer("n_samples")) {
            throw new LoupeException("case " + c.id() + ": " + noise.dim(0) + " noise samples for n_samples "
                    + c.integer("n_samples"));
        }
        Saliency.Mode mode = c.text("gradient").startsWith("signed") ? Saliency.Mode.SIGNED : Saliency.Mode.ABS;
        NoiseTunnel tunnel = new NoiseTunnel(new Saliency(mode), NoiseTunnel.Kind.SMOOTHGRAD,
                new NoiseSource.Replay(noise));
        return Map.of("attribution", tunnel.explain(model, c.loadInput(), new Target.PerImage(c.targetArray())).map());
    }
}
