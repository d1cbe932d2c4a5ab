package dev.loupe.report;

import java.util.List;

/** The report's sections in reading order: a model overview, then the seed experiments. */
public final class Sections {
    private Sections() {
    }

    /** Every section, in report order. */
    public static List<Section> all() {
        return List.of(
                new OverviewSection(),
                new DeconvProjectionSection(),
                new OcclusionSection(),
                new FeatureEvolutionSection(),
                new LrpSection(),
                new ClassModelSection(),
                new SaliencySection(),
                new MethodGallerySection(),
                new DeepDreamSection(),
                new TopPatchesSection(),
                new InvarianceSection(),
                new CorrespondenceSection(),
                new FilterSection(),
                new EmbeddingSection(),
                new AttributionComparisonSection());
    }
}
