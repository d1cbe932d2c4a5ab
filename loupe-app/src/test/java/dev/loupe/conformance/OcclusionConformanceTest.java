package dev.loupe.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The 8 occlusion cases of the developer reference set (Captum 0.8.0) through the standard handler. */
class OcclusionConformanceTest {
    private static ReferenceSet set;

    @BeforeAll
    static void load() {
        set = ReferenceSet.load(SharedReference.requireDir());
    }

    @Test
    void everyOcclusionCasePasses() {
        Conformance conformance = Conformance.standard();
        List<ReferenceCase> cases = set.cases("occlusion");
        assertThat(cases).hasSize(8).extracting(ReferenceCase::model)
                .contains("seednet", "seednet-trained", "mnistnet", "bnnet");
        for (ReferenceCase c : cases) {
            CaseResult r = conformance.runCase(set, c);
            assertThat(r.passed()).as(r.line()).isTrue();
        }
    }
}
