package dev.loupe.report;

/** Zeiler \&amp; Fergus (2014), figure 4: feature evolution across training snapshots. */
final class FeatureEvolutionSection implements Section {
    @Override
    public String id() {
        return "evolution";
    }

    @Override
    public String title() {
        return "Feature evolution during training";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Zeiler & Fergus (2014, figure 4) follow the strongest activations of a few units through training: lower layers settle within a few epochs, higher layers keep changing for longer.");
        throw new SectionUnavailable("feature evolution needs dev.loupe.features (the features branch), which is not in this build yet");
    }
}
