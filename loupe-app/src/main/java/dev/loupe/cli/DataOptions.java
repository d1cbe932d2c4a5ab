package dev.loupe.cli;

import dev.loupe.data.DatasetLocator;
import dev.loupe.data.DownloadProgress;
import dev.loupe.data.Normalization;
import dev.loupe.data.Split;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a command finds its dataset: {@code --data DIR}, Loupe's cache, Debian's Fashion-MNIST, or a download of
 * MNIST, in that order ({@link DatasetLocator}).
 */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with IDX files (MNIST, Fashion-MNIST, KMNIST, EMNIST) or an image folder.")
    Path data;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "auto",
            description = "mnist, fashion-mnist, kmnist, emnist-..., or auto (default: the first one found).")
    String dataset;

    /** Finds the split, reporting a download on standard error. */
    public DatasetLocator.Located locate(Split split) {
        DatasetLocator.Config config = DatasetLocator.Config.fromEnvironment(data).withProgress(downloadProgress());
        DatasetLocator.Located located = new DatasetLocator(config).locate(dataset, split);
        System.err.println("data: " + located.describe());
        return located;
    }

    /** The input normalization that goes with a dataset: the published constants, or computed from it. */
    public static Normalization normalizationFor(DatasetLocator.Located located) {
        String family = located.family().map(f -> f.name()).orElse("");
        if (family.equals("mnist")) {
            return Normalization.MNIST;
        }
        if (family.equals("fashion-mnist")) {
            return Normalization.FASHION_MNIST;
        }
        return Normalization.compute(located.dataset());
    }

    private static DownloadProgress downloadProgress() {
        return new DownloadProgress() {
            private long lastPrint;

            @Override
            public void started(String file, String url, long totalBytes) {
                System.err.println("downloading " + url);
            }

            @Override
            public void advanced(String file, long bytesDone, long totalBytes) {
                long now = System.nanoTime();
                if (now - lastPrint > 250_000_000L || bytesDone == totalBytes) {
                    lastPrint = now;
                    System.err.print(totalBytes > 0
                            ? String.format("\r  %s %3d%% (%,d of %,d bytes)", file, 100 * bytesDone / totalBytes,
                            bytesDone, totalBytes)
                            : String.format("\r  %s %,d bytes", file, bytesDone));
                }
            }

            @Override
            public void finished(String file, long bytes) {
                System.err.println();
            }

            @Override
            public void warning(String message) {
                System.err.println("warning: " + message);
            }
        };
    }
}
