package dev.loupe.report;

/** Zeiler \&amp; Fergus (2014), figure 7: occlusion strip and sensitivity map. */
final class OcclusionSection implements Section {
    @Override
    public String id() {
        return "occlusion";
    }

    @Override
    public String title() {
        return "Occlusion sensitivity";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Zeiler & Fergus (2014, section 4.2) slide a grey square over the image and record the probability of the correct class for every position: where the probability drops, the network relies on what the square hides.");
        throw new SectionUnavailable("occlusion needs dev.loupe.explain.perturbation (the perturb branch), which is not in this build yet");
    }
}
