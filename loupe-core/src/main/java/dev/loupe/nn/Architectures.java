package dev.loupe.nn;

import dev.loupe.LoupeException;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * The built-in networks, freshly initialised with a seed.
 *
 * <ul>
 *   <li>{@code seednet}: Conv(1→10,k5) → MaxPool2 → ReLU → Conv(10→20,k5) → MaxPool2 → ReLU → FC(320→50) → ReLU →
 *       FC(50→10), the small network of the seed work.</li>
 *   <li>{@code mnistnet}: Conv(1→32,k3) → ReLU → Conv(32→64,k3) → ReLU → MaxPool2 → FC(9216→128) → ReLU →
 *       FC(128→10), PyTorch's MNIST example without dropout.</li>
 *   <li>{@code resnet-mini}: a stem Conv(→16,k3,p1)+BN+ReLU, a residual block at 16 channels, a strided
 *       Conv(16→32,k3,s2,p1)+BN+ReLU, a residual block at 32 channels, global average pooling and FC(32→10)
 *       (He et al., 2016).</li>
 *   <li>{@code allconv}: seednet with its dense layers written as convolutions, Conv(20→50,k4) and Conv(50→10,k1),
 *       as in the LRP work of Bach et al. (2015).</li>
 * </ul>
 *
 * <p>Weights and biases follow PyTorch's default initialisation, U(−1/√fan_in, 1/√fan_in).
 */
public final class Architectures {
    /** The names of the built-in architectures. */
    public static final List<String> NAMES = List.of("seednet", "mnistnet", "resnet-mini", "allconv");

    private Architectures() {
    }

    /** Builds {@code name} for 1×28×28 images and 10 classes. */
    public static Model create(String name, long seed) {
        return create(name, new int[] {1, 28, 28}, 10, seed);
    }

    /**
     * Builds {@code name} for images of per-image shape {@code [C, H, W]} and {@code classes} outputs.
     *
     * @throws LoupeException for an unknown name, listing the known ones
     */
    public static Model create(String name, int[] inputShape, int classes, long seed) {
        Init init = new Init(new Random(seed));
        int c = inputShape[0];
        Model.Builder b = Model.builder(name, inputShape);
        switch (name) {
            case "seednet" -> {
                b.add("conv1", init.conv(c, 10, 5, 1, 0)).add("pool1", new MaxPool2d(PoolWindow.of(2)))
                        .add("relu1", new ReLU())
                        .add("conv2", init.conv(10, 20, 5, 1, 0)).add("pool2", new MaxPool2d(PoolWindow.of(2)))
                        .add("relu2", new ReLU()).add("flatten", new Flatten());
                b.add("fc1", init.linear(features(b), 50)).add("relu3", new ReLU())
                        .add("fc2", init.linear(50, classes));
            }
            case "mnistnet" -> {
                b.add("conv1", init.conv(c, 32, 3, 1, 0)).add("relu1", new ReLU())
                        .add("conv2", init.conv(32, 64, 3, 1, 0)).add("relu2", new ReLU())
                        .add("pool1", new MaxPool2d(PoolWindow.of(2))).add("flatten", new Flatten());
                b.add("fc1", init.linear(features(b), 128)).add("relu3", new ReLU())
                        .add("fc2", init.linear(128, classes));
            }
            case "allconv" -> {
                b.add("conv1", init.conv(c, 10, 5, 1, 0)).add("pool1", new MaxPool2d(PoolWindow.of(2)))
                        .add("relu1", new ReLU())
                        .add("conv2", init.conv(10, 20, 5, 1, 0)).add("pool2", new MaxPool2d(PoolWindow.of(2)))
                        .add("relu2", new ReLU());
                int[] s = b.lastShape();
                b.add("conv3", init.conv(20, 50, s[1], 1, 0)).add("relu3", new ReLU())
                        .add("conv4", init.conv(50, classes, 1, 1, 0)).add("flatten", new Flatten());
            }
            case "resnet-mini" -> {
                b.add("conv1", init.conv(c, 16, 3, 1, 1)).add("bn1", BatchNorm2d.fresh(16)).add("relu1", new ReLU());
                residualBlock(b, init, "block1", 16);
                b.add("conv2", init.conv(16, 32, 3, 2, 1)).add("bn2", BatchNorm2d.fresh(32)).add("relu2", new ReLU());
                residualBlock(b, init, "block2", 32);
                b.add("gap", new GlobalAvgPool()).add("flatten", new Flatten()).add("fc", init.linear(32, classes));
            }
            default -> throw new LoupeException("unknown architecture '" + name + "'; choose one of "
                    + String.join(", ", NAMES));
        }
        return b.build();
    }

    /** conv-BN-ReLU-conv-BN, added to the block input, then ReLU. */
    private static void residualBlock(Model.Builder b, Init init, String prefix, int channels) {
        String in = b.last();
        b.add(prefix + ".conv1", init.conv(channels, channels, 3, 1, 1))
                .add(prefix + ".bn1", BatchNorm2d.fresh(channels)).add(prefix + ".relu1", new ReLU())
                .add(prefix + ".conv2", init.conv(channels, channels, 3, 1, 1))
                .add(prefix + ".bn2", BatchNorm2d.fresh(channels));
        b.add(prefix + ".add", new Add(), b.last(), in).add(prefix + ".relu2", new ReLU());
    }

    private static int features(Model.Builder b) {
        int[] s = b.lastShape();
        return s[0];
    }

    /** PyTorch's default initialisation: U(−1/√fan_in, 1/√fan_in) for weights and biases. */
    private record Init(Random random) {
        Conv2d conv(int in, int out, int k, int stride, int pad) {
            float bound = (float) (1 / Math.sqrt(in * k * k));
            return new Conv2d(ConvGeometry.square(in, out, k, stride, pad),
                    Tensor.uniform(random, bound, out, in, k, k), Tensor.uniform(random, bound, out));
        }

        Linear linear(int in, int out) {
            float bound = (float) (1 / Math.sqrt(in));
            return new Linear(Tensor.uniform(random, bound, out, in), Tensor.uniform(random, bound, out));
        }
    }
}
