package dev.loupe.report;

/** First-layer filters and their Fourier spectra; dead units. */
final class FilterSection implements Section {
    @Override
    public String id() {
        return "filters";
    }

    @Override
    public String title() {
        return "Filters and their spectra";
    }

    @Override
    public void build(ReportContext ctx, SectionContent out) {
        out.paragraph("The first-layer filters shown as images, with the magnitude of their 2-D Fourier transform: edge and blob detectors show as oriented lines and low-frequency peaks in the spectrum.");
        throw new SectionUnavailable("filter mosaics and spectra need dev.loupe.features (the features branch), which is not in this build yet");
    }
}
