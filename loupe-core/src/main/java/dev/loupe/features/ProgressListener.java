package dev.loupe.features;

/** Hears how far a pass over a dataset has got; called from the thread that runs the pass, once per batch. */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total) -> {
    };

    /** {@code done} of {@code total} images have been processed. */
    void onProgress(int done, int total);
}
