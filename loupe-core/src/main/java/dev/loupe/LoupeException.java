package dev.loupe;

/**
 * A problem a user can fix: bad input, a corrupt file, an unknown name, an out-of-range unit.
 *
 * <p>The message is one line that names the thing at fault and, where possible, what would be valid. The CLI prints
 * it without a stack trace and exits non-zero; the web server turns it into a 400 answer.
 */
public class LoupeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A one-line problem description. */
    public LoupeException(String message) {
        super(message);
    }

    /** A one-line problem description with the low-level cause. */
    public LoupeException(String message, Throwable cause) {
        super(message, cause);
    }
}
