package dev.loupe.explain.lrp;

import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.LinearLayer;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small models for the LRP tests. */
final class TestModels {
    private TestModels() {
    }

    /** A built-in architecture whose batch norms have random statistics, scales and shifts (so merging matters). */
    static Model withRandomBatchNorm(Model model, long seed) {
        Random random = new Random(seed);
        List<Node> nodes = new ArrayList<>();
        for (Node n : model.nodes()) {
            if (n.layer() instanceof BatchNorm2d bn) {
                int c = bn.channels();
                nodes.add(new Node(n.name(), new BatchNorm2d(uniform(random, c, 0.5, 1.5), uniform(random, c, -0.2, 0.2),
                        uniform(random, c, -0.5, 0.5), uniform(random, c, 0.5, 2), 1e-5, 0.1), n.inputs()));
            } else {
                nodes.add(n);
            }
        }
        return model.withNodes(nodes);
    }

    /** The same model with every bias of its conv and dense layers removed. */
    static Model withoutBiases(Model model) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : model.nodes()) {
            nodes.add(n.layer() instanceof LinearLayer l ? new Node(n.name(), l.withParameters(l.weight(), null),
                    n.inputs()) : n);
        }
        return model.withNodes(nodes);
    }

    /** A bnnet-like model as in the reference set: conv-BN-ReLU-maxpool-conv-ReLU-avgpool-FC-ReLU-dropout-FC. */
    static Model bnnet(long seed) {
        Random random = new Random(seed);
        Model.Builder b = Model.builder("bnnet", 1, 28, 28)
                .add("conv1", conv(random, 1, 8, 3, 0)).add("bn1", BatchNorm2d.fresh(8))
                .add("relu1", new dev.loupe.nn.ReLU())
                .add("pool1", new dev.loupe.nn.MaxPool2d(dev.loupe.nn.PoolWindow.of(2)))
                .add("conv2", conv(random, 8, 16, 3, 1)).add("relu2", new dev.loupe.nn.ReLU())
                .add("pool2", new dev.loupe.nn.AvgPool2d(dev.loupe.nn.PoolWindow.of(2), false))
                .add("flatten", new dev.loupe.nn.Flatten())
                .add("fc1", new dev.loupe.nn.Linear(Tensor.uniform(random, 0.04f, 32, 576),
                        Tensor.uniform(random, 0.04f, 32)))
                .add("relu3", new dev.loupe.nn.ReLU()).add("dropout", new dev.loupe.nn.Dropout(0.5))
                .add("fc2", new dev.loupe.nn.Linear(Tensor.uniform(random, 0.18f, 10, 32),
                        Tensor.uniform(random, 0.18f, 10)));
        return withRandomBatchNorm(b.build(), seed + 1);
    }

    private static dev.loupe.nn.Conv2d conv(Random random, int in, int out, int k, int pad) {
        float bound = (float) (1 / Math.sqrt(in * k * k));
        return new dev.loupe.nn.Conv2d(dev.loupe.tensor.ConvGeometry.square(in, out, k, 1, pad),
                Tensor.uniform(random, bound, out, in, k, k), Tensor.uniform(random, bound, out));
    }

    private static Tensor uniform(Random random, int n, double lo, double hi) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return Tensor.wrap(d, n);
    }
}
