package dev.loupe.web;

/**
 * How the explorer serves.
 *
 * @param host          the address to listen on; 127.0.0.1 keeps the explorer on this machine
 * @param port          the port, or 0 for any free one
 * @param workers       model computations at once
 * @param queue         requests that may wait for a worker before the server answers 503
 * @param timeoutMillis longest wait for a worker
 * @param scanSize      dataset images the unit browser scans for each unit's top images
 * @param tsneSize      dataset images on the t-SNE map; 0 turns it off
 * @param seed          seed for the t-SNE
 * @param projectionMethod the registry method that projects a unit's activation to pixel space in the unit
 *                      browser ({@value #DECONVNET}); ignored while no such method is registered
 */
public record ServerOptions(String host, int port, int workers, int queue, long timeoutMillis, int scanSize,
                            int tsneSize, long seed, String projectionMethod) {
    /** The registry name of DeconvNet (Zeiler &amp; Fergus, 2014), the default projection. */
    public static final String DECONVNET = "deconvnet";

    public ServerOptions {
        if (host == null || host.isBlank()) {
            throw new dev.loupe.LoupeException("--host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new dev.loupe.LoupeException("--port must be in 0..65535, got " + port);
        }
        if (workers < 1 || queue < 0 || timeoutMillis < 0 || scanSize < 1 || tsneSize < 0) {
            throw new dev.loupe.LoupeException("workers >= 1, queue >= 0, scan >= 1 and tsne >= 0 are required");
        }
    }

    /** Local defaults: 127.0.0.1, the given port, one worker per core, a queue of 64, 2,000 images scanned and mapped. */
    public static ServerOptions local(int port) {
        return new ServerOptions("127.0.0.1", port, Math.max(1, Runtime.getRuntime().availableProcessors()), 64,
                30_000, 2000, 2000, 42, DECONVNET);
    }

    /** These options with another t-SNE size. */
    public ServerOptions withTsneSize(int n) {
        return new ServerOptions(host, port, workers, queue, timeoutMillis, scanSize, n, seed, projectionMethod);
    }

    /** These options with another scan size. */
    public ServerOptions withScanSize(int n) {
        return new ServerOptions(host, port, workers, queue, timeoutMillis, n, tsneSize, seed, projectionMethod);
    }

    /** These options with another projection method for the unit browser. */
    public ServerOptions withProjectionMethod(String name) {
        return new ServerOptions(host, port, workers, queue, timeoutMillis, scanSize, tsneSize, seed, name);
    }

    /** These options with another host. */
    public ServerOptions withHost(String h) {
        return new ServerOptions(h, port, workers, queue, timeoutMillis, scanSize, tsneSize, seed, projectionMethod);
    }
}
