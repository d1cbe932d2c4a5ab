package dev.loupe.report;

/** Zeiler \&amp; Fergus (2014), figure 5: invariance curves. */
final class InvarianceSection implements Section {
    @Override
    public String id() {
        return "invariance";
    }

    @Override
    public String title() {
        return "Invariance to translation, scale and rotation";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Zeiler & Fergus (2014, figure 5) transform images step by step and plot how far the feature vectors of each layer move and how the probability of the true class changes.");
        throw new SectionUnavailable("invariance curves need dev.loupe.features (the features branch), which is not in this build yet");
    }
}
