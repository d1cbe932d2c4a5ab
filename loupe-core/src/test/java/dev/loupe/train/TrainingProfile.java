package dev.loupe.train;

import dev.loupe.data.Dataset;
import dev.loupe.data.Normalization;
import dev.loupe.data.Split;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import java.util.List;

/**
 * Not a test: times training steps of a built-in architecture on Fashion-MNIST at batch 64 and prints where the
 * time goes and the projected time of a 60,000-image epoch. Run by hand:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * dev.loupe.train.TrainingProfile seednet 2 6400}.
 */
public final class TrainingProfile {
    private TrainingProfile() {
    }

    public static void main(String[] args) {
        String arch = args.length > 0 ? args[0] : "seednet";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int images = args.length > 2 ? Integer.parseInt(args[2]) : 6400;
        Dataset train = RealData.fashionMnist(Split.TRAIN).subset(0, images);
        Dataset data = new Dataset(Normalization.FASHION_MNIST.apply(train.images()), train.labels(),
                train.classNames(), train.name());
        Model model = Architectures.create(arch, 1);
        // a warm-up run so the JIT has compiled the kernels, then the measured run
        new Trainer(TrainingConfig.sgd(1, 64, 0.01, 0.9, 1, threads)).train(model, data.subset(0, 640));
        TrainingListener report = TrainingListener.atEpochEnd(p -> {
            System.out.printf("%s, %d threads: %d images in %.2f s = %.0f images/s; 60,000-image epoch ≈ %.1f s%n",
                    arch, threads, p.imagesInEpoch(), p.imagesInEpoch() / p.imagesPerSecond(), p.imagesPerSecond(),
                    60_000 / p.imagesPerSecond());
            System.out.println("  " + p.times());
            System.out.printf("  loss %.4f, training accuracy %.4f%n", p.loss(), p.accuracy());
        });
        new Trainer(TrainingConfig.sgd(1, 64, 0.01, 0.9, 1, threads), List.of(report)).train(model, data);
    }
}
