package dev.loupe.report;

/** Zeiler \&amp; Fergus (2014), section 5.2 and table 1: correspondence. */
final class CorrespondenceSection implements Section {
    @Override
    public String id() {
        return "correspondence";
    }

    @Override
    public String title() {
        return "Correspondence analysis";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Zeiler & Fergus (2014, table 1) occlude the same part in different images of a class and measure how consistently the feature vectors change: a low value means the network ties that part to the class.");
        throw new SectionUnavailable("the correspondence table needs dev.loupe.features (the features branch), which is not in this build yet");
    }
}
