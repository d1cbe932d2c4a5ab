package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.data.DatasetLocator;
import dev.loupe.data.Split;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.Model;
import dev.loupe.web.ServerOptions;
import dev.loupe.web.WebServer;
import dev.loupe.web.Workspace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loupe serve}: the web explorer on a local port. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Open the web explorer: pick an image, a method, a layer or a unit and see the result at once.")
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--model", paramLabel = "M", defaultValue = "seednet",
            description = "A built-in architecture, freshly seeded: seednet, mnistnet, resnet-mini, allconv "
                    + "(default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--data", paramLabel = "DIR", description = "Dataset directory (IDX files or an image folder); "
            + "default: Loupe's cache, then /usr/share/datasets/fashion-mnist, then a download.")
    Path data;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "auto",
            description = "Dataset name (mnist, fashion-mnist, kmnist, or auto; default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; "
            + "0 for any free port).")
    int port;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--tsne", paramLabel = "N", defaultValue = "2000",
            description = "Images on the t-SNE map, computed in the background (0 for none; default: ${DEFAULT-VALUE}).")
    int tsne;

    @Option(names = "--scan", paramLabel = "N", defaultValue = "2000",
            description = "Images scanned for each unit's top images (default: ${DEFAULT-VALUE}).")
    int scan;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        common.parallel();
        Model m = loadModel();
        DatasetLocator.Located located = DatasetLocator.fromEnvironment(data).locate(dataset, Split.TEST);
        Dataset d = located.dataset();
        Workspace workspace = new Workspace(m, d, null, m.architecture() + " (seed " + common.seed()
                + ", untrained)");
        ServerOptions base = ServerOptions.local(port);
        ServerOptions options = new ServerOptions(host, port, base.workers(), base.queue(), base.timeoutMillis(),
                scan, tsne, common.seed());
        WebServer server = new WebServer(workspace, MethodRegistry.defaults(), options).start();
        out.println("loupe serve: " + workspace.modelLabel() + " on " + located.describe());
        out.println("loupe serve: " + MethodRegistry.defaults().all().size() + " methods; open " + server.url()
                + "  (Ctrl-C to stop)");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private Model loadModel() {
        if (Architectures.NAMES.contains(model)) {
            return Architectures.create(model, common.seed());
        }
        throw new LoupeException("--model " + model + ": not a built-in architecture (" + String.join(", ",
                Architectures.NAMES) + "); model files are read once dev.loupe.io is available");
    }
}
