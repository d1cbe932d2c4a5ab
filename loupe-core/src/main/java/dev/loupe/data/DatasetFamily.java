package dev.loupe.data;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A published image dataset in IDX form: its name, classes, files and where to download them.
 *
 * <p>The files of a split are one IDX image file and one IDX label file (see {@link Idx}). Loupe keeps a downloaded or
 * cached family in a directory of its own named {@link #name()}, so families whose file names coincide (MNIST,
 * Fashion-MNIST and KMNIST all use {@code train-images-idx3-ubyte.gz}) never mix.
 *
 * @param name        the id used on the command line and as the cache directory, e.g. {@code fashion-mnist}
 * @param title       a human name, e.g. {@code Fashion-MNIST}
 * @param classNames  one name per label value
 * @param transposed  true when the images are stored transposed and must be transposed back on reading (EMNIST)
 * @param baseUrl     the URL the file names are appended to for a download, ending in {@code /}; empty when the
 *                    files cannot be downloaded one by one
 * @param trainImages IDX image file of the training split
 * @param trainLabels IDX label file of the training split
 * @param testImages  IDX image file of the test split
 * @param testLabels  IDX label file of the test split
 */
public record DatasetFamily(String name, String title, List<String> classNames, boolean transposed, String baseUrl,
        RemoteFile trainImages, RemoteFile trainLabels, RemoteFile testImages, RemoteFile testLabels) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /** Validates the name, the classes and the base URL. */
    public DatasetFamily {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(trainImages, "trainImages");
        Objects.requireNonNull(trainLabels, "trainLabels");
        Objects.requireNonNull(testImages, "testImages");
        Objects.requireNonNull(testLabels, "testLabels");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("dataset name '" + name + "' must be lower-case letters, digits, "
                    + "'.', '_' or '-'");
        }
        classNames = List.copyOf(classNames);
        if (classNames.isEmpty() || classNames.size() > 256) {
            throw new IllegalArgumentException(name + ": IDX labels need 1..256 classes, got " + classNames.size());
        }
        if (!baseUrl.isEmpty() && !baseUrl.endsWith("/")) {
            throw new IllegalArgumentException(name + ": base URL must end with '/': " + baseUrl);
        }
    }

    /** The image file of {@code split}. */
    public RemoteFile images(Split split) {
        return split == Split.TRAIN ? trainImages : testImages;
    }

    /** The label file of {@code split}. */
    public RemoteFile labels(Split split) {
        return split == Split.TRAIN ? trainLabels : testLabels;
    }

    /** The image file then the label file of {@code split}. */
    public List<RemoteFile> files(Split split) {
        return List.of(images(split), labels(split));
    }

    /** True when the files can be downloaded one by one from {@link #baseUrl()}. */
    public boolean downloadable() {
        return !baseUrl.isEmpty();
    }

    /** The dataset name for a split, e.g. {@code mnist/test}. */
    public String datasetName(Split split) {
        return name + "/" + split.id();
    }

    /** The same family downloaded from another base URL (a mirror, or a local test server). */
    public DatasetFamily withBaseUrl(String url) {
        String u = url.endsWith("/") ? url : url + "/";
        return new DatasetFamily(name, title, classNames, transposed, u, trainImages, trainLabels, testImages,
                testLabels);
    }
}
