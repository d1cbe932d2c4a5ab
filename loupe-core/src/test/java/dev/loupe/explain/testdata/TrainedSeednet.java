package dev.loupe.explain.testdata;

import dev.loupe.data.Dataset;
import dev.loupe.data.Idx;
import dev.loupe.data.Normalization;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Gradients;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.Parameter;
import dev.loupe.nn.Softmax;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Gemm;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A seednet trained once per test JVM on the real MNIST test digits (the first 8,000, one epoch; digits 8,000 to
 * 9,999 are held out) with a minimal mini-batch SGD loop, for tests that need a trained model. Absent data makes
 * {@link #available()} false.
 */
public final class TrainedSeednet {
    public static final Path MNIST = Path.of("/work/shared/data/mnist");
    private static Model model;
    private static Dataset data;

    private TrainedSeednet() {
    }

    public static boolean available() {
        return Files.exists(MNIST.resolve("t10k-images-idx3-ubyte.gz"));
    }

    /** The normalized MNIST test set. */
    public static synchronized Dataset data() {
        if (data == null) {
            Dataset raw = Idx.readDataset(MNIST.resolve("t10k-images-idx3-ubyte.gz"),
                    MNIST.resolve("t10k-labels-idx1-ubyte.gz"), false,
                    List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), "mnist-t10k");
            data = new Dataset(Normalization.MNIST.apply(raw.images()), raw.labels(), raw.classNames(), raw.name());
        }
        return data;
    }

    /** The trained model (trained on first use). */
    public static synchronized Model model() {
        if (model == null) {
            model = train(Architectures.create("seednet", 104), data(), 8000, 1, 0.05f);
        }
        return model;
    }

    /** Accuracy on the held-out digits 8,000..9,999. */
    public static double heldOutAccuracy(Model m) {
        Dataset d = data();
        Tensor logits = m.predict(d.images().slice(8000, 10000));
        int right = 0;
        for (int i = 0; i < 2000; i++) {
            right += logits.argmax(i) == d.label(8000 + i) ? 1 : 0;
        }
        return right / 2000.0;
    }

    /** Plain mini-batch SGD with momentum 0.9 on the cross-entropy, batch 64. */
    public static Model train(Model init, Dataset d, int count, int epochs, float lr) {
        Model m = init.deepCopy();
        Random random = new Random(1);
        int batch = 64;
        java.util.Map<Parameter, float[]> velocity = new java.util.HashMap<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = new int[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            for (int i = count - 1; i > 0; i--) {
                int j = random.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int start = 0; start + batch <= count; start += batch) {
                int[] idx = java.util.Arrays.copyOfRange(order, start, start + batch);
                Tensor x = d.batch(idx);
                int[] y = d.batchLabels(idx);
                Trace trace = m.forward(x, ForwardOptions.inference(Parallel.defaults()));
                Tensor grad = Softmax.of(trace.output());
                for (int i = 0; i < batch; i++) {
                    grad.set(grad.get(i, y[i]) - 1f, i, y[i]);
                }
                grad.scaleInPlace(1f / batch);
                Gradients g = m.parameterGradients(trace, grad);
                for (Node node : m.nodes()) {
                    List<Tensor> gs = g.of(node.name());
                    List<Parameter> ps = node.layer().parameters().stream().filter(Parameter::trainable).toList();
                    for (int k = 0; k < gs.size(); k++) {
                        float[] p = ps.get(k).value().data(), gd = gs.get(k).data();
                        float[] v = velocity.computeIfAbsent(ps.get(k), q -> new float[p.length]);
                        for (int i = 0; i < p.length; i++) {
                            v[i] = 0.9f * v[i] + gd[i];
                            p[i] -= lr * v[i];
                        }
                        // changed in place: layers must not reuse their packing of the old weights
                        Gemm.forgetConstant(p);
                    }
                }
            }
        }
        return m;
    }
}
