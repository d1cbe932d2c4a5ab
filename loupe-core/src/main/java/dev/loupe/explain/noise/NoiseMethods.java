package dev.loupe.explain.noise;

import dev.loupe.LoupeException;
import dev.loupe.explain.MethodProvider;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.ParameterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The noise family in the registry: {@code smoothgrad} around any registered method. */
public final class NoiseMethods implements MethodProvider {
    @Override
    public List<MethodSpec> methods() {
        return List.of(new MethodSpec("smoothgrad", "noise",
                "any method averaged over noisy inputs: SmoothGrad, SmoothGrad² or VarGrad (Smilkov et al. 2017)",
                List.of(ParameterSpec.text("base", "saliency", "the registered method to average"),
                        ParameterSpec.text("base-params", "", "the base method's parameters, as k=v;k=v"),
                        ParameterSpec.choice("kind", "smoothgrad", "mean, mean of squares or variance of the samples",
                                "smoothgrad", "smoothgrad2", "vargrad"),
                        ParameterSpec.integer("samples", 16, "number of noisy copies"),
                        ParameterSpec.real("stdev", 0.15, "noise standard deviation in input units"),
                        ParameterSpec.integer("seed", 0, "random seed of the noise")),
                p -> {
                    if (p.text("base").equals("smoothgrad")) {
                        throw new LoupeException("smoothgrad: the base method cannot be smoothgrad itself");
                    }
                    return new NoiseTunnel(MethodRegistry.defaults().create(p.text("base"),
                            parsePairs(p.text("base-params"))), NoiseTunnel.Kind.of(p.text("kind")),
                            new NoiseSource.Gaussian(p.integer("samples"), p.real("stdev"), p.integer("seed")));
                }));
    }

    /** {@code k=v;k=v} (commas also separate) as a map. */
    static Map<String, String> parsePairs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split("[;,]")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new LoupeException("smoothgrad: cannot read base parameter '" + part.trim() + "', use key=value");
            }
            out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return out;
    }
}
