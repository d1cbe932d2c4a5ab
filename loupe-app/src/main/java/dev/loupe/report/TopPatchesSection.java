package dev.loupe.report;

/** Zeiler \&amp; Fergus (2014), figure 2: top-9 patches with DeconvNet projections. */
final class TopPatchesSection implements Section {
    @Override
    public String id() {
        return "top-patches";
    }

    @Override
    public String title() {
        return "Top-9 patches and their projections";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("For a sample of units per layer, the nine training patches that activate the unit most (Zeiler & Fergus 2014, figure 2), each with the DeconvNet projection of that single activation.");
        throw new SectionUnavailable("top-9 patches need dev.loupe.features (the features branch), which is not in this build yet");
    }
}
