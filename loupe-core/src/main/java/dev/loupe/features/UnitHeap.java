package dev.loupe.features;

import java.util.ArrayList;
import java.util.List;

/**
 * The k strongest activations of one unit seen so far: a binary min-heap whose root is the weakest kept entry
 * (lowest value; on equal values, the higher image index). Memory is fixed at k entries, however long the stream.
 * Not thread-safe: each unit's heap is updated by one thread at a time.
 */
final class UnitHeap {
    private final int k;
    private final float[] values;
    private final int[] images;
    private final int[] positions;
    private int size;

    UnitHeap(int k) {
        this.k = k;
        this.values = new float[k];
        this.images = new int[k];
        this.positions = new int[k];
    }

    /** Offers an activation; kept if it is stronger than the weakest kept one (ties: lower image index wins). */
    void offer(float value, int image, int position) {
        if (size < k) {
            values[size] = value;
            images[size] = image;
            positions[size] = position;
            siftUp(size++);
        } else if (weaker(0, value, image)) {
            values[0] = value;
            images[0] = image;
            positions[0] = position;
            siftDown(0);
        }
    }

    /** The weakest kept value, or negative infinity while fewer than k are kept: anything at or below can be skipped. */
    float threshold() {
        return size < k ? Float.NEGATIVE_INFINITY : values[0];
    }

    /** Whether entry i is weaker than (value, image). */
    private boolean weaker(int i, float value, int image) {
        int c = Float.compare(values[i], value);
        return c < 0 || c == 0 && images[i] > image;
    }

    private boolean weaker(int i, int j) {
        return weaker(i, values[j], images[j]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!weaker(i, parent)) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1, r = l + 1, least = i;
            if (l < size && weaker(l, least)) {
                least = l;
            }
            if (r < size && weaker(r, least)) {
                least = r;
            }
            if (least == i) {
                return;
            }
            swap(i, least);
            i = least;
        }
    }

    private void swap(int i, int j) {
        float v = values[i];
        values[i] = values[j];
        values[j] = v;
        int t = images[i];
        images[i] = images[j];
        images[j] = t;
        t = positions[i];
        positions[i] = positions[j];
        positions[j] = t;
    }

    /** The kept activations, strongest first; {@code width} turns a flat position back into (y, x). */
    List<StrongActivation> sorted(int width) {
        List<StrongActivation> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new StrongActivation(images[i], values[i], positions[i] / width, positions[i] % width));
        }
        out.sort(StrongActivation::strongestFirst);
        return out;
    }
}
