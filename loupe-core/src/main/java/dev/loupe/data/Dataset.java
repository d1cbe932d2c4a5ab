package dev.loupe.data;

import dev.loupe.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A labelled image classification dataset held in memory: an immutable value.
 *
 * <p>{@link #images()} is a float32 tensor of shape [N, C, H, W] with pixels scaled to [0, 1]; {@link #label(int)}
 * gives the class index of image {@code i}, in {@code [0, classCount())}. The dataset owns its image tensor: it is not
 * copied on construction (60,000 MNIST images take 188 MB) and must not be modified afterwards. Every method that
 * returns images ({@link #image}, {@link #batch}, {@link #subset}, {@link #select}) returns fresh copies.
 */
public final class Dataset {
    private final Tensor images;
    private final int[] labels;
    private final List<String> classNames;
    private final String name;

    /**
     * @param images     [N, C, H, W] pixels in [0, 1]; owned by the dataset from now on
     * @param labels     N class indices in {@code [0, classNames.size())}; copied
     * @param classNames one display name per class, at least one
     * @param name       a short name for messages and reports, such as {@code mnist/test}
     * @throws IllegalArgumentException if the shapes or labels do not fit together
     */
    public Dataset(Tensor images, int[] labels, List<String> classNames, String name) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(classNames, "classNames");
        Objects.requireNonNull(name, "name");
        if (images.rank() != 4) {
            throw new IllegalArgumentException(name + ": images must be [N, C, H, W], got " + images.shapeString());
        }
        if (images.dim(1) < 1 || images.dim(2) < 1 || images.dim(3) < 1) {
            throw new IllegalArgumentException(name + ": empty image dimensions " + images.shapeString());
        }
        if (labels.length != images.dim(0)) {
            throw new IllegalArgumentException(
                    name + ": " + images.dim(0) + " images but " + labels.length + " labels");
        }
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException(name + ": no class names");
        }
        this.classNames = List.copyOf(classNames);
        this.labels = labels.clone();
        for (int i = 0; i < this.labels.length; i++) {
            if (this.labels[i] < 0 || this.labels[i] >= this.classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + this.labels[i] + " of image " + i
                        + " is outside [0, " + this.classNames.size() + ")");
            }
        }
        this.images = images;
        this.name = name;
    }

    /** The images, [N, C, H, W] in [0, 1]. Shared, not copied: treat it as read-only. */
    public Tensor images() {
        return images;
    }

    /** All labels; a fresh copy. */
    public int[] labels() {
        return labels.clone();
    }

    /** The label of image {@code i}. */
    public int label(int i) {
        Objects.checkIndex(i, labels.length);
        return labels[i];
    }

    /** The class names, indexed by label; unmodifiable. */
    public List<String> classNames() {
        return classNames;
    }

    /** The name given at construction, e.g. {@code fashion-mnist/train}. */
    public String name() {
        return name;
    }

    /** Number of images N. */
    public int size() {
        return labels.length;
    }

    /** Number of channels C (1 for grey, 3 for RGB). */
    public int channels() {
        return images.dim(1);
    }

    /** Image height H in pixels. */
    public int height() {
        return images.dim(2);
    }

    /** Image width W in pixels. */
    public int width() {
        return images.dim(3);
    }

    /** Number of classes. */
    public int classCount() {
        return classNames.size();
    }

    /** Image {@code i} as a [1, C, H, W] copy. */
    public Tensor image(int i) {
        Objects.checkIndex(i, size());
        return images.item(i);
    }

    /** The images at {@code indices}, in that order, as a [indices.length, C, H, W] copy. */
    public Tensor batch(int[] indices) {
        int stride = channels() * height() * width();
        float[] src = images.data();
        float[] out = new float[indices.length * stride];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], size());
            System.arraycopy(src, i * stride, out, k * stride, stride);
        }
        return Tensor.wrap(out, indices.length, channels(), height(), width());
    }

    /** The labels at {@code indices}, in that order. */
    public int[] batchLabels(int[] indices) {
        int[] out = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[k] = labels[Objects.checkIndex(indices[k], size())];
        }
        return out;
    }

    /** Images {@code [from, to)} as a new dataset with copied images and the same classes. */
    public Dataset subset(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        return new Dataset(images.slice(from, to), Arrays.copyOfRange(labels, from, to), classNames,
                name + "[" + from + ":" + to + "]");
    }

    /** The images at {@code indices}, in that order, as a new dataset; indices may repeat. */
    public Dataset select(int[] indices) {
        return new Dataset(batch(indices), batchLabels(indices), classNames, name + "[" + indices.length + " selected]");
    }

    /** How many images each class has, indexed by label. */
    public int[] classHistogram() {
        int[] counts = new int[classCount()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + size() + " x " + channels() + "x" + height() + "x" + width() + ", "
                + classCount() + " classes]";
    }
}
