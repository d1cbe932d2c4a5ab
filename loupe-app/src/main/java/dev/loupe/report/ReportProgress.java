package dev.loupe.report;

/** Overall progress of a report, called on the writing thread as sections start and finish. */
@FunctionalInterface
public interface ReportProgress {
    /** No progress report. */
    ReportProgress NONE = (done, total, message) -> {
    };

    /**
     * @param done    sections finished
     * @param total   sections in all
     * @param message what runs now, such as the section's title
     */
    void update(int done, int total, String message);
}
