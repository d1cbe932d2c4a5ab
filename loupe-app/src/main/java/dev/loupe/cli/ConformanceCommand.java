package dev.loupe.cli;

import dev.loupe.conformance.Conformance;
import dev.loupe.tensor.Gemm;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code loupe conformance DIR}: runs every case of a peer-computed reference set. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Run every case of a reference set (manifest.json plus raw float32 files) and compare with "
                + "the peer results.", "Prints 'pass' or 'fail', the case id and the largest error per case, then "
                + "'N passed, N failed'; exits non-zero on any failure."})
final class ConformanceCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder holding manifest.json (or the manifest itself).")
    Path dir;

    @Option(names = "--only", paramLabel = "METHOD", description = "Only the cases of this manifest method.")
    String only;

    @Option(names = "--float", description = "Use the fast float-accumulating kernels instead of double "
            + "accumulation (which resolves float near-ties as exact arithmetic does).")
    boolean floatAccumulation;

    @Override
    public Integer call() {
        common.parallel();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        Gemm.Accumulation before = Gemm.accumulation();
        Gemm.setAccumulation(floatAccumulation ? Gemm.Accumulation.FLOAT : Gemm.Accumulation.DOUBLE);
        try {
            return Conformance.standard().run(dir, Optional.ofNullable(only), out);
        } finally {
            Gemm.setAccumulation(before);
        }
    }
}
