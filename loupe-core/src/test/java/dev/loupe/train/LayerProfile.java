package dev.loupe.train;

import dev.loupe.nn.Architectures;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.LinearLayer;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.Step;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Random;

/**
 * Not a test: per-layer milliseconds of one training step (forward, input gradient, parameter gradient) of a
 * built-in architecture at batch 64 on random images. Run by hand with {@code <arch> <threads> <repeats>}.
 */
public final class LayerProfile {
    private LayerProfile() {
    }

    public static void main(String[] args) {
        String arch = args.length > 0 ? args[0] : "mnistnet";
        Parallel parallel = Parallel.of(args.length > 1 ? Integer.parseInt(args[1]) : 2);
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Model model = Architectures.create(arch, 1);
        Tensor x = Tensor.randn(new Random(1), 1f, 64, 1, 28, 28);
        int n = model.nodes().size();
        double[] fwd = new double[n], back = new double[n], params = new double[n];
        for (int r = -2; r < repeats; r++) {
            ForwardOptions options = ForwardOptions.training(r, parallel);
            Trace trace = model.forward(x, options);
            for (int i = 0; i < n; i++) {
                Node node = model.nodes().get(i);
                var inputs = node.inputs().stream().map(trace::activation).toList();
                long t0 = System.nanoTime();
                node.layer().forward(inputs, options);
                long t1 = System.nanoTime();
                Step step = trace.step(i, parallel);
                Tensor g = Tensor.randn(new Random(i), 1f, trace.activation(i).shape());
                long t2 = System.nanoTime();
                if (i > 0) {
                    node.layer().backward(step, g);
                }
                long t3 = System.nanoTime();
                if (node.layer() instanceof LinearLayer lin) {
                    lin.accumulateParameterGradients(step.input(), g, Tensor.zeros(lin.weight().shape()),
                            lin.bias() == null ? null : Tensor.zeros(lin.bias().shape()), parallel);
                }
                long t4 = System.nanoTime();
                if (r >= 0) {
                    fwd[i] += (t1 - t0) / 1e6 / repeats;
                    back[i] += (t3 - t2) / 1e6 / repeats;
                    params[i] += (t4 - t3) / 1e6 / repeats;
                }
            }
        }
        double total = 0;
        System.out.printf("%s, %s, batch 64: ms per step%n%-10s %9s %9s %9s%n", arch, parallel, "layer", "forward",
                "input-grad", "param-grad");
        for (int i = 0; i < n; i++) {
            System.out.printf("%-10s %9.2f %9.2f %9.2f%n", model.nodes().get(i).name(), fwd[i], back[i], params[i]);
            total += fwd[i] + back[i] + params[i];
        }
        System.out.printf("total %.1f ms per step = %.0f images/s%n", total, 64 / (total / 1000));
    }
}
