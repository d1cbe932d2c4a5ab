package dev.loupe.cli;

import dev.loupe.explain.MethodRegistry;
import dev.loupe.explain.MethodSpec;
import dev.loupe.explain.ParameterSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loupe methods}: every explanation method with its parameters. */
@Command(name = "methods", mixinStandardHelpOptions = true,
        description = "List every explanation method with its parameters and defaults.")
final class MethodsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String family = "";
        for (MethodSpec m : MethodRegistry.defaults().all().stream()
                .sorted(java.util.Comparator.comparing(MethodSpec::family).thenComparing(MethodSpec::name)).toList()) {
            if (!m.family().equals(family)) {
                family = m.family();
                out.println();
                out.println("[" + family + "]");
            }
            out.printf("  %-32s %s%n", m.name(), m.description());
            for (ParameterSpec p : m.parameters()) {
                String choices = p.choices().isEmpty() ? "" : " (" + String.join("|", p.choices()) + ")";
                out.printf("      %-20s %-8s default %-10s %s%s%n", p.name(), p.type().name().toLowerCase(),
                        p.defaultValue().isEmpty() ? "-" : p.defaultValue(), p.description(), choices);
            }
        }
        out.flush();
        return 0;
    }
}
