package dev.loupe.web;

/**
 * A request the explorer refuses, with the HTTP status to answer and a one-line message that the page shows as
 * {@code {"error": "..."}}.
 */
public final class WebException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status: 400 bad request, 404 not found, 413 too large, 503 busy. */
    private final int status;

    /** A refusal with the given status and one-line message. */
    public WebException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** A 400 Bad Request. */
    public static WebException badRequest(String message) {
        return new WebException(400, message);
    }

    /** The HTTP status to answer. */
    public int status() {
        return status;
    }
}
