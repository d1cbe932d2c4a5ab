package dev.loupe.bench;

import dev.loupe.data.Dataset;
import dev.loupe.data.DatasetLocator;
import dev.loupe.data.KnownDatasets;
import dev.loupe.data.Normalization;
import dev.loupe.data.Split;
import dev.loupe.features.FeatureLayers;
import dev.loupe.features.ProgressListener;
import dev.loupe.features.TopActivationSearch;
import dev.loupe.features.TopActivations;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * The feature-visualization figures: the top-9 search over every unit of every convolution
 * ({@code <arch>/top9-conv/b256}, images per second), and, from {@link #main}, one full timed pass over the 60,000
 * Fashion-MNIST training images.
 */
public final class FeaturesBench {
    private FeaturesBench() {
    }

    static List<BenchCase> cases(String arch, Model model, Parallel parallel, long seed) {
        Random random = new Random(seed);
        Tensor images = Tensor.uniform(random, 0.5f, 1024, 1, 28, 28).map(v -> v + 0.5);
        int[] labels = new int[images.dim(0)];
        Dataset data = new Dataset(images, labels, KnownDatasets.MNIST.classNames(), "bench");
        TopActivationSearch search = new TopActivationSearch(FeatureLayers.convolutions(model), 9, 256);
        return List.of(new BenchCase(arch + "/top9-conv/b256", data.size(),
                () -> search.run(model, data, t -> t, parallel, ProgressListener.NONE)));
    }

    /** CPU time used by this process so far, or 0 where the JVM cannot tell. */
    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /**
     * Times one top-9 pass of {@code mnistnet} (all units of conv1 and conv2) over the Fashion-MNIST training set on
     * the given number of threads (first argument, default 2), on the first N images (second argument, default all),
     * and, for comparison, the forward passes alone. On a shared machine the CPU time, divided by the threads, is the
     * better guide to the wall time on an idle one.
     */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        Parallel.setDefaultThreads(threads);
        Parallel parallel = Parallel.of(threads);
        Dataset all = DatasetLocator.fromEnvironment(null).locate(KnownDatasets.FASHION_MNIST, Split.TRAIN)
                .dataset();
        Dataset train = args.length > 1 ? all.subset(0, Integer.parseInt(args[1])) : all;
        Model model = Architectures.create("mnistnet", 42);
        TopActivationSearch search = new TopActivationSearch(FeatureLayers.convolutions(model), 9, 256);
        Dataset warm = train.subset(0, 512);
        search.run(model, warm, Normalization.FASHION_MNIST::apply, parallel, ProgressListener.NONE);
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        TopActivations top = search.run(model, train, Normalization.FASHION_MNIST::apply, parallel,
                ProgressListener.NONE);
        double seconds = (System.nanoTime() - start) / 1e9, cpuSeconds = (processCpuNanos() - cpu) / 1e9;
        System.out.printf("mnistnet top-9 of %d units (conv1, conv2) over %d images: %.1f s (%.0f images/s, %d "
                        + "threads), %.1f s of CPU%n", top.units("conv1") + top.units("conv2"), train.size(), seconds,
                train.size() / seconds, threads, cpuSeconds);
        Model net = FeatureLayers.prefix(model, FeatureLayers.convolutions(model));
        start = System.nanoTime();
        for (int from = 0; from < train.size(); from += 256) {
            Tensor x = Normalization.FASHION_MNIST.apply(train.images().slice(from, Math.min(train.size(), from + 256)));
            net.forward(x, dev.loupe.nn.ForwardOptions.prediction(parallel));
        }
        System.out.printf("forward passes alone (conv1, relu1, conv2): %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
}
