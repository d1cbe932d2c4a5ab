package dev.loupe.explain.synthesis;

import dev.loupe.LoupeException;
import dev.loupe.explain.Target;
import dev.loupe.nn.LogSoftmax;
import dev.loupe.nn.Model;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Tensor;

/**
 * What activation maximization climbs: a scalar per image computed from one layer's output, with its gradient at
 * that layer (the seed of the backward walk to the image).
 */
public sealed interface Objective {

    /** The name of the node whose output the objective reads. */
    String layer(Model model);

    /** The objective per image of the traced batch. */
    double[] value(Trace trace);

    /** The gradient of the objective with respect to {@link #layer}'s output, shaped like it (batch included). */
    Tensor gradient(Trace trace);

    /** One line in the syntax of {@link #parse}. */
    String describe();

    /** The pre-softmax score S_c of class c (Simonyan et al., 2014, Sec. 2). */
    record ClassLogit(int classIndex) implements Objective {
        public ClassLogit {
            requireClass(classIndex);
        }

        @Override
        public String layer(Model model) {
            return model.outputName();
        }

        @Override
        public double[] value(Trace trace) {
            return new Target.ClassIndex(classIndex).score(trace);
        }

        @Override
        public Tensor gradient(Trace trace) {
            return new Target.ClassIndex(classIndex).seed(trace, false);
        }

        @Override
        public String describe() {
            return "class:" + classIndex;
        }
    }

    /** The log-probability log p(c | I) of class c: the gradient is {@code onehot(c) − softmax}. */
    record ClassLogProbability(int classIndex) implements Objective {
        public ClassLogProbability {
            requireClass(classIndex);
        }

        @Override
        public String layer(Model model) {
            return model.outputName();
        }

        @Override
        public double[] value(Trace trace) {
            Tensor logp = LogSoftmax.of(logits(trace));
            double[] v = new double[logp.dim(0)];
            for (int i = 0; i < v.length; i++) {
                v[i] = logp.get(i, classIndex);
            }
            return v;
        }

        @Override
        public Tensor gradient(Trace trace) {
            Tensor logits = logits(trace);
            Tensor g = dev.loupe.nn.Softmax.of(logits).scaleInPlace(-1f);
            for (int i = 0; i < g.dim(0); i++) {
                g.set(g.get(i, classIndex) + 1f, i, classIndex);
            }
            return g.reshape(trace.output().shape());
        }

        private Tensor logits(Trace trace) {
            Tensor out = trace.output();
            int n = out.dim(0), k = out.size() / n;
            if (classIndex >= k) {
                throw new LoupeException("class " + classIndex + " is out of range: the model has " + k + " classes");
            }
            return out.reshape(n, k);
        }

        @Override
        public String describe() {
            return "logprob:" + classIndex;
        }
    }

    /** One activation of a layer: channel, row, column (row = column = 0 for a dense layer). */
    record Neuron(String layer, int channel, int y, int x) implements Objective {
        @Override
        public String layer(Model model) {
            model.indexOf(layer);
            return layer;
        }

        @Override
        public double[] value(Trace trace) {
            return target().score(trace);
        }

        @Override
        public Tensor gradient(Trace trace) {
            return target().seed(trace, false);
        }

        private Target target() {
            return new Target.Neuron(layer, channel, y, x);
        }

        @Override
        public String describe() {
            return "neuron:" + layer + ":" + channel + ":" + y + ":" + x;
        }
    }

    /** The mean activation of a whole channel of a layer. */
    record Channel(String layer, int channel) implements Objective {
        @Override
        public String layer(Model model) {
            model.indexOf(layer);
            return layer;
        }

        @Override
        public double[] value(Trace trace) {
            double[] v = new Target.Channel(layer, channel).score(trace);
            double area = area(trace);
            for (int i = 0; i < v.length; i++) {
                v[i] /= area;
            }
            return v;
        }

        @Override
        public Tensor gradient(Trace trace) {
            return new Target.Channel(layer, channel).seed(trace, false).scaleInPlace((float) (1 / area(trace)));
        }

        private double area(Trace trace) {
            int[] s = trace.model().shapeOf(layer);
            return s.length == 3 ? s[1] * s[2] : 1;
        }

        @Override
        public String describe() {
            return "channel:" + layer + ":" + channel;
        }
    }

    /**
     * Half the squared L2 norm of a layer's output, {@code ½‖a‖²}: its gradient is the activation itself, the
     * DeepDream objective (Mordvintsev et al., 2015).
     */
    record LayerNorm(String layer) implements Objective {
        @Override
        public String layer(Model model) {
            model.indexOf(layer);
            return layer;
        }

        @Override
        public double[] value(Trace trace) {
            Tensor a = trace.activation(layer);
            return a.times(a).scaleInPlace(0.5f).sumPerItem();
        }

        @Override
        public Tensor gradient(Trace trace) {
            return trace.activation(layer).copy();
        }

        @Override
        public String describe() {
            return "norm:" + layer;
        }
    }

    private static void requireClass(int classIndex) {
        if (classIndex < 0) {
            throw new LoupeException("class index must be non-negative, got " + classIndex);
        }
    }

    /**
     * Parses {@code class:C}, {@code logprob:C}, {@code neuron:LAYER:C[:Y:X]}, {@code channel:LAYER:C} or
     * {@code norm:LAYER}; a bare integer is a class logit.
     *
     * @throws LoupeException for anything else
     */
    static Objective parse(String text) {
        String[] p = text.trim().split(":");
        try {
            switch (p[0]) {
                case "class":
                    if (p.length == 2) {
                        return new ClassLogit(Integer.parseInt(p[1]));
                    }
                    break;
                case "logprob":
                    if (p.length == 2) {
                        return new ClassLogProbability(Integer.parseInt(p[1]));
                    }
                    break;
                case "neuron":
                    if (p.length == 5) {
                        return new Neuron(p[1], Integer.parseInt(p[2]), Integer.parseInt(p[3]), Integer.parseInt(p[4]));
                    }
                    if (p.length == 3) {
                        return new Neuron(p[1], Integer.parseInt(p[2]), 0, 0);
                    }
                    break;
                case "channel":
                    if (p.length == 3) {
                        return new Channel(p[1], Integer.parseInt(p[2]));
                    }
                    break;
                case "norm":
                    if (p.length == 2) {
                        return new LayerNorm(p[1]);
                    }
                    break;
                default:
                    if (p.length == 1) {
                        return new ClassLogit(Integer.parseInt(p[0]));
                    }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LoupeException("unknown objective '" + text + "': use class:C, logprob:C, neuron:LAYER:C[:Y:X], "
                + "channel:LAYER:C or norm:LAYER");
    }
}
