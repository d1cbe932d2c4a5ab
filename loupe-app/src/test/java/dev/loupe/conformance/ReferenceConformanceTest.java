package dev.loupe.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.nn.Model;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The forward-pass cases of the developer reference set (PyTorch 1.13 values) against Loupe's models. */
class ReferenceConformanceTest {
    private static ReferenceSet set;

    @BeforeAll
    static void load() {
        set = ReferenceSet.load(SharedReference.requireDir());
    }

    @Test
    void manifestHasTheFourModelsAndTheirCases() {
        assertThat(set.models().keySet()).containsExactly("seednet", "seednet-trained", "mnistnet", "bnnet");
        assertThat(set.cases()).hasSize(84);
        assertThat(set.cases("logits")).hasSize(4);
        assertThat(set.cases("softmax")).hasSize(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"logits", "softmax"})
    void forwardCasesOfEveryModelPass(String method) {
        Conformance conformance = Conformance.standard();
        List<ReferenceCase> cases = set.cases(method);
        assertThat(cases).extracting(ReferenceCase::model)
                .containsExactlyInAnyOrder("seednet", "seednet-trained", "mnistnet", "bnnet");
        for (ReferenceCase c : cases) {
            CaseResult r = conformance.runCase(set, c);
            assertThat(r.passed()).as(r.line()).isTrue();
            assertThat(r.maxError()).as(c.id()).isLessThan(1e-4);
        }
    }

    @Test
    void predictedClassesMatchTheCaseTargets() {
        for (ReferenceCase c : set.cases("logits")) {
            Model model = set.model(c);
            var logits = model.predict(c.loadInput());
            for (int i = 0; i < c.targets().size(); i++) {
                assertThat(logits.argmax(i)).as("%s image %d", c.id(), i).isEqualTo(c.targets().get(i));
            }
        }
    }

    @Test
    void runnerPrintsOneLinePerCaseAndASummary() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Conformance.standard().run(set.root(), Optional.of("softmax"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(code).isZero();
        assertThat(lines).hasSize(5);
        assertThat(lines.subList(0, 4)).allMatch(l -> l.matches("pass [a-z-]+/softmax max_err=\\S+"));
        assertThat(lines.get(4)).isEqualTo("4 passed, 0 failed");
    }

    @Test
    void methodsWithoutHandlerFailAndMakeTheExitCodeNonZero() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // a runner that knows no method, so the test does not depend on which handlers exist
        int code = new Conformance(Map.of()).run(set.root(), Optional.of("occlusion"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).isNotZero();
        assertThat(text).contains("fail seednet/occlusion_w6_s2_b0 max_err=NaN (no implementation of method occlusion)")
                .contains("0 passed, 8 failed");
    }

    @Test
    void unknownOnlyMethodIsAUserError() {
        assertThatThrownBy(() -> Conformance.standard().run(set.root(), Optional.of("nope"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .isInstanceOf(LoupeException.class).hasMessageContaining("no case of method 'nope'")
                .hasMessageContaining("saliency");
    }
}
