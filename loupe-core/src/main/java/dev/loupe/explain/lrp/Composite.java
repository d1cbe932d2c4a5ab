package dev.loupe.explain.lrp;

import dev.loupe.nn.Add;
import dev.loupe.nn.AvgPool2d;
import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Dropout;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.GlobalAvgPool;
import dev.loupe.nn.Layer;
import dev.loupe.nn.LinearLayer;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.ReLU;
import dev.loupe.nn.RuleMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule map built from rules by layer name, by layer kind, and for the model's first layer (Zennit's
 * {@code NameMapComposite}, {@code LayerMapComposite} and {@code SpecialFirstLayerMapComposite} in one).
 *
 * <p>Lookup order for a node: its name; then, if it is the model's first {@link LinearLayer} (the first Conv2d or
 * Linear in execution order), the first-layer kinds; then the kinds in the order they were added; then, for an
 * LRP composite, the common LRP rules; then the fallback. Kinds are type tests ({@code Conv2d.class},
 * {@code LinearLayer.class} for both convolution and dense…).
 *
 * <p>The common LRP rules (Zennit's {@code LAYER_MAP_BASE}): ReLU passes relevance unchanged ({@link Pass});
 * average pooling, global average pooling and the residual add split it in proportion ({@link Norm}); max pooling
 * routes it like the gradient, to the window's first maximum; flatten and dropout pass it unchanged (the
 * gradient); batch normalisation must have been merged ({@link MergeBatchNorm}); every other layer fails
 * ({@link NoRule}). A composite without the LRP rules falls back to the gradient, so an empty composite is the
 * plain gradient.
 */
public final class Composite implements RuleMap {
    private record KindRule(Class<? extends Layer> kind, BackwardRule rule) {
    }

    private final Map<String, BackwardRule> byName;
    private final List<KindRule> firstLayer;
    private final List<KindRule> byKind;
    private final BackwardRule fallback;

    private Composite(Builder b) {
        this.byName = Map.copyOf(b.byName);
        this.firstLayer = List.copyOf(b.firstLayer);
        List<KindRule> kinds = new ArrayList<>(b.byKind);
        if (b.lrpStabilizer != null) {
            Norm norm = new Norm(b.lrpStabilizer);
            kinds.add(new KindRule(ReLU.class, new Pass()));
            kinds.add(new KindRule(AvgPool2d.class, norm));
            kinds.add(new KindRule(GlobalAvgPool.class, norm));
            kinds.add(new KindRule(Add.class, norm));
            kinds.add(new KindRule(MaxPool2d.class, BackwardRule.GRADIENT));
            kinds.add(new KindRule(Flatten.class, BackwardRule.GRADIENT));
            kinds.add(new KindRule(Dropout.class, BackwardRule.GRADIENT));
            kinds.add(new KindRule(BatchNorm2d.class, NoRule.UNMERGED_BATCH_NORM));
        }
        this.byKind = List.copyOf(kinds);
        this.fallback = b.lrpStabilizer != null ? NoRule.NONE : BackwardRule.GRADIENT;
    }

    /** An empty builder: with nothing added, every layer uses the gradient. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with the common LRP rules ({@link Pass} for ReLU, {@link Norm} with {@code stabilizer} for average
     * pools and adds, the gradient for max pooling, flatten and dropout) and failing on every other unmapped layer.
     */
    public static Builder lrp(double stabilizer) {
        Builder b = new Builder();
        Gamma.checkStabilizer(stabilizer);
        b.lrpStabilizer = stabilizer;
        return b;
    }

    /** Collects the maps of a {@link Composite}. */
    public static final class Builder {
        private final Map<String, BackwardRule> byName = new LinkedHashMap<>();
        private final List<KindRule> firstLayer = new ArrayList<>();
        private final List<KindRule> byKind = new ArrayList<>();
        private Double lrpStabilizer;

        private Builder() {
        }

        /** The rule of the node named {@code name}, ahead of every other map. */
        public Builder name(String name, BackwardRule rule) {
            byName.put(name, rule);
            return this;
        }

        /** The rule of every layer of the given kind (checked in the order added). */
        public Builder kind(Class<? extends Layer> kind, BackwardRule rule) {
            byKind.add(new KindRule(kind, rule));
            return this;
        }

        /** The rule of the model's first Conv2d/Linear layer when it is of the given kind. */
        public Builder firstLayer(Class<? extends Layer> kind, BackwardRule rule) {
            firstLayer.add(new KindRule(kind, rule));
            return this;
        }

        /** The finished composite. */
        public Composite build() {
            return new Composite(this);
        }
    }

    @Override
    public BackwardRule ruleFor(Node node, Model model) {
        BackwardRule named = byName.get(node.name());
        if (named != null) {
            return named;
        }
        Layer layer = node.layer();
        if (!firstLayer.isEmpty() && node.name().equals(firstLinearLayer(model))) {
            for (KindRule k : firstLayer) {
                if (k.kind().isInstance(layer)) {
                    return k.rule();
                }
            }
        }
        for (KindRule k : byKind) {
            if (k.kind().isInstance(layer)) {
                return k.rule();
            }
        }
        return fallback;
    }

    /** The name of the first Conv2d/Linear node of the model in execution order, or null when it has none. */
    public static String firstLinearLayer(Model model) {
        for (Node n : model.nodes()) {
            if (n.layer() instanceof LinearLayer) {
                return n.name();
            }
        }
        return null;
    }
}
