package dev.loupe.report;

/**
 * Thrown by a {@link Section} that cannot run: a method that is not registered, a model without convolutions, or
 * missing training snapshots. The report shows the reason in place of the section's figures.
 */
public final class SectionUnavailable extends RuntimeException {
    /** @param reason one sentence saying why, for the reader of the report */
    public SectionUnavailable(String reason) {
        super(reason);
    }
}
