/**
 * The web explorer behind {@code loupe serve}: a Javalin server ({@link dev.loupe.web.WebServer}) with a small JSON
 * API and one static page ({@code /web/index.html}, {@code app.js}, {@code app.css}; vanilla JavaScript, no build
 * step).
 *
 * <p>Everything the page shows comes from the core library: methods and their parameter forms from the
 * {@link dev.loupe.explain.MethodRegistry} ({@link dev.loupe.web.ExplainView}), pictures from
 * {@code dev.loupe.render}, the t-SNE map from {@code dev.loupe.embedding} ({@link dev.loupe.web.TsneMap}), unit
 * top images from a scan of the dataset ({@link dev.loupe.web.UnitScan}).
 *
 * <p>Safety: the client never names a file. Images are dataset indices or uploads ({@link dev.loupe.web.Uploads},
 * PNG or JPEG, at most 10 MB); {@link dev.loupe.web.RequestGuard} refuses path-like and oversized parameters before
 * any handler runs; {@link dev.loupe.web.ComputeLimiter} bounds the model work and answers 503 when its queue is
 * full. Every error is a one-line {@code {"error": "..."}}. The server listens on 127.0.0.1 unless told otherwise.
 */
package dev.loupe.web;
