package dev.loupe.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The 20 LRP cases of the developer reference set (Zennit 0.5.1) through the conformance runner. */
class LrpConformanceTest {

    @Test
    void everyLrpCasePasses() {
        ReferenceSet set = ReferenceSet.load(SharedReference.requireDir());
        List<ReferenceCase> cases = set.cases("lrp");
        assertThat(cases).hasSize(20);
        Conformance conformance = Conformance.standard();
        for (ReferenceCase c : cases) {
            CaseResult r = conformance.runCase(set, c);
            assertThat(r.passed()).as(r.line()).isTrue();
        }
    }
}
