package dev.loupe.cli;

import dev.loupe.data.DatasetLocator;
import dev.loupe.data.Split;
import dev.loupe.explain.MethodRegistry;
import dev.loupe.web.ServerOptions;
import dev.loupe.web.WebServer;
import dev.loupe.web.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
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

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = {"--model", "-m"}, paramLabel = "FILE|ARCH",
            description = "A .loupe model file or a built-in architecture (seeded, untrained); default: the newest "
                    + "model 'loupe demo' cached, else an untrained seednet.")
    String model;

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
        ServerOptions base = ServerOptions.local(port);
        ServerOptions options = new ServerOptions(host, port, base.workers(), base.queue(), base.timeoutMillis(),
                scan, tsne, common.seed(), ServerOptions.DECONVNET);
        LoadedModel loaded = ModelOptions.load(model != null ? model : defaultModel(), common.seed());
        DatasetLocator.Located located = data.locate(Split.TEST);
        Workspace workspace = new Workspace(loaded.model(), located.dataset(), loaded.normalization(),
                loaded.source());
        WebServer server = new WebServer(workspace, MethodRegistry.defaults(), options).start();
        out.println("loupe serve: " + loaded.source() + " on " + located.dataset().name() + "; "
                + MethodRegistry.defaults().all().size() + " methods");
        out.println("loupe serve: open " + server.url() + "  (Ctrl-C to stop)");
        if (!isLoopback(host)) {
            out.println("loupe serve: warning: listening on " + host + " lets other machines use the explorer");
        }
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The newest seednet model {@code loupe demo} cached (not an epoch snapshot), else {@code seednet}. */
    static String defaultModel() {
        Path dir = DemoCommand.cacheDirectory();
        if (!Files.isDirectory(dir)) {
            return "seednet";
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".loupe")
                            && !f.getFileName().toString().contains(".epoch-"))
                    .max(Comparator.comparing(ServeCommand::modified)).map(Path::toString).orElse("seednet");
        } catch (IOException e) {
            return "seednet";
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
