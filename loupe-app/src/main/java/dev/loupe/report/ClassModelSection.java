package dev.loupe.report;

/** Simonyan et al. (2014) and Yosinski et al. (2015): class-model visualization. */
final class ClassModelSection implements Section {
    @Override
    public String id() {
        return "class-models";
    }

    @Override
    public String title() {
        return "Class-model visualization";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("Simonyan et al. (2014, section 2) find an image that maximises one class score by gradient ascent from noise, with L2 regularisation; Yosinski et al. (2015) add blur, small-norm and small-contribution clipping to make the images look natural.");
        throw new SectionUnavailable("class-model visualization needs dev.loupe.explain.synthesis (the perturb branch), which is not in this build yet");
    }
}
