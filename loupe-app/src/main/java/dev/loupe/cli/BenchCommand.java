package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.LoupeException;
import dev.loupe.bench.BenchCase;
import dev.loupe.bench.BenchResult;
import dev.loupe.bench.BenchRunner;
import dev.loupe.bench.BenchSuite;
import dev.loupe.bench.GemmBench;
import dev.loupe.bench.TsneBench;
import dev.loupe.nn.Architectures;
import dev.loupe.tensor.Parallel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loupe bench}: images per second per method and GEMM GFLOPS. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure images/s for inference, training and every method, GEMM GFLOPS and t-SNE points/s.")
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--arch", split = ",", defaultValue = "seednet,mnistnet",
            description = "Architectures to measure (default: ${DEFAULT-VALUE}).")
    List<String> archs;

    @Option(names = "--only", paramLabel = "PREFIX", description = "Only figures whose name starts with PREFIX "
            + "(e.g. mnistnet/saliency, or gemm).")
    String only;

    @Option(names = "--threads", split = ",", paramLabel = "N[,N...]",
            description = "Thread counts to measure (default: all cores).")
    List<Integer> threads;

    @Option(names = "--seconds", defaultValue = "2", description = "Seconds per figure (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for weights and inputs.")
    long seed;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Integer> threadCounts = threads == null
                ? List.of(Runtime.getRuntime().availableProcessors()) : threads;
        for (int t : threadCounts) {
            if (t < 1) {
                throw new LoupeException("--threads must be at least 1, got " + t);
            }
        }
        for (String a : archs) {
            if (!Architectures.NAMES.contains(a)) {
                throw new LoupeException("unknown architecture '" + a + "'; choose from "
                        + String.join(", ", Architectures.NAMES));
            }
        }
        BenchRunner runner = new BenchRunner(seconds);
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode runs = mapper.createArrayNode();
        boolean any = false;
        for (int t : threadCounts) {
            Parallel parallel = Parallel.of(t);
            Parallel.setDefaultThreads(t);
            List<BenchResult> results = new ArrayList<>();
            Map<String, Double> gflops = new LinkedHashMap<>();
            if (matches("gemm")) {
                gflops.put("1024", GemmBench.gflops(1024, 1024, 1024, parallel, seconds));
                gflops.put("conv2", GemmBench.gflops(64, 36_864, 288, parallel, seconds));
            }
            for (String arch : archs) {
                for (BenchCase c : BenchSuite.cases(arch, parallel, seed)) {
                    if (!matches(c.name())) {
                        continue;
                    }
                    results.add(new BenchResult(c.name(), runner.imagesPerSecond(c)));
                    if (!json) {
                        BenchResult r = results.get(results.size() - 1);
                        out.printf("%-44s %12.1f images/s   (%d threads)%n", r.name(), r.imagesPerSecond(), t);
                        out.flush();
                    }
                }
            }
            for (BenchCase c : TsneBench.cases(parallel, seed)) {
                if (matches(c.name())) {
                    results.add(new BenchResult(c.name(), runner.imagesPerSecond(c)));
                    if (!json) {
                        out.printf("%-44s %12.1f points/s   (%d threads)%n", c.name(),
                                results.get(results.size() - 1).imagesPerSecond(), t);
                        out.flush();
                    }
                }
            }
            any |= !results.isEmpty() || !gflops.isEmpty();
            if (json) {
                ObjectNode run = mapper.createObjectNode();
                run.put("threads", t);
                ArrayNode list = run.putArray("results");
                for (BenchResult r : results) {
                    list.addObject().put("name", r.name()).put("images_per_s", Math.round(r.imagesPerSecond() * 10) / 10.0);
                }
                ObjectNode g = run.putObject("gemm_gflops");
                gflops.forEach((k, v) -> g.put(k, Math.round(v * 10) / 10.0));
                runs.add(run);
            } else {
                gflops.forEach((k, v) -> out.printf("%-44s %12.1f GFLOPS     (%d threads)%n", "gemm/" + k, v, t));
            }
        }
        if (!any) {
            throw new LoupeException("no figure matches --only " + only);
        }
        if (json) {
            out.println(mapper.writeValueAsString(runs.size() == 1 ? runs.get(0) : runs));
        }
        out.flush();
        return 0;
    }

    private boolean matches(String name) {
        return only == null || name.startsWith(only);
    }
}
