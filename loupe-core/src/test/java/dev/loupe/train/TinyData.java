package dev.loupe.train;

import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Dropout;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.Linear;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.PoolWindow;
import dev.loupe.nn.ReLU;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;
import java.util.Random;

/**
 * A tiny separable image task for training tests: 1×8×8 images of noise with a bright 3×3 blob whose position
 * (top-left, centre or bottom-right, jittered by one pixel) is the class.
 */
final class TinyData {
    static final int CLASSES = 3;
    final Tensor images;
    final int[] labels;

    TinyData(int n, long seed) {
        Random random = new Random(seed);
        images = Tensor.zeros(n, 1, 8, 8);
        labels = new int[n];
        float[] d = images.data();
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(CLASSES);
            labels[i] = label;
            int y0 = 1 + 2 * label - random.nextInt(2), x0 = y0;
            for (int p = 0; p < 64; p++) {
                d[i * 64 + p] = (float) (0.2 * random.nextDouble());
            }
            for (int dy = 0; dy < 3; dy++) {
                for (int dx = 0; dx < 3; dx++) {
                    d[i * 64 + (y0 + dy) * 8 + x0 + dx] += 0.8f;
                }
            }
        }
    }

    /** conv(1→4, k3, p1) [→ BN] → ReLU → maxpool 2 → flatten [→ dropout] → linear(64 → 3). */
    static Model model(long seed, boolean batchNorm, boolean dropout) {
        Random random = new Random(seed);
        Model.Builder b = Model.builder("tiny", 1, 8, 8)
                .add("conv", new Conv2d(ConvGeometry.square(1, 4, 3, 1, 1), Tensor.uniform(random, 0.33f, 4, 1, 3, 3),
                        Tensor.uniform(random, 0.33f, 4)));
        if (batchNorm) {
            b.add("bn", BatchNorm2d.fresh(4));
        }
        b.add("relu", new ReLU()).add("pool", new MaxPool2d(PoolWindow.of(2))).add("flatten", new Flatten());
        if (dropout) {
            b.add("drop", new Dropout(0.25));
        }
        return b.add("fc", new Linear(Tensor.uniform(random, 0.125f, CLASSES, 64), Tensor.uniform(random, 0.125f,
                CLASSES))).build();
    }
}
