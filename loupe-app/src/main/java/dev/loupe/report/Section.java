package dev.loupe.report;

/** One experiment of the report: an anchor, a title and the code that fills its content. */
public interface Section {
    /** The HTML anchor, such as {@code occlusion}: lower case letters, digits and dashes. */
    String id();

    /** The title shown in the table of contents and above the section. */
    String title();

    /**
     * Runs the experiment and fills {@code out}.
     *
     * @throws SectionUnavailable when the section cannot run, with the reason
     */
    void build(ReportContext context, SectionContent out);
}
