package dev.loupe.report;

/** DeepDream (Mordvintsev, Olah \&amp; Tyka, 2015). */
final class DeepDreamSection implements Section {
    @Override
    public String id() {
        return "deepdream";
    }

    @Override
    public String title() {
        return "DeepDream";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("DeepDream (Mordvintsev et al., 2015) amplifies whatever a layer already sees in an image by gradient ascent on the norm of the layer's activation, over several scales (octaves).");
        throw new SectionUnavailable("DeepDream needs dev.loupe.explain.synthesis (the perturb branch), which is not in this build yet");
    }
}
