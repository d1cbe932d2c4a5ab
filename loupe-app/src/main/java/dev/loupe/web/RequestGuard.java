package dev.loupe.web;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The first check on every API request. The explorer never reads a file named by the client (images are uploads or
 * dataset indices), so anything that looks like a path is refused outright, as are oversized values; the check runs
 * before any handler sees the request.
 */
public final class RequestGuard {
    /** Longest accepted parameter name or value, in characters. */
    public static final int MAX_VALUE_LENGTH = 200;
    /** Most query parameters one request may carry. */
    public static final int MAX_PARAMETERS = 40;

    private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:[\\\\/].*");

    private RequestGuard() {
    }

    /**
     * Checks the request path and every query parameter.
     *
     * @throws WebException 400 for a path-like or oversized value, or too many parameters
     */
    public static void check(String path, Map<String, List<String>> query) {
        if (path.contains("..") || path.contains("\\") || path.contains("//")) {
            throw WebException.badRequest("refused request path: it must not contain '..', '\\' or '//'");
        }
        if (query.size() > MAX_PARAMETERS) {
            throw WebException.badRequest("too many parameters: " + query.size() + " (at most " + MAX_PARAMETERS
                    + ")");
        }
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            checkValue("parameter name", e.getKey());
            if (e.getValue().size() > 1) {
                throw WebException.badRequest("parameter '" + e.getKey() + "' is given more than once");
            }
            for (String v : e.getValue()) {
                checkValue("parameter '" + e.getKey() + "'", v);
            }
        }
    }

    private static void checkValue(String what, String v) {
        if (v.length() > MAX_VALUE_LENGTH) {
            throw WebException.badRequest(what + " is too long: " + v.length() + " characters (at most "
                    + MAX_VALUE_LENGTH + ")");
        }
        if (v.contains("..") || v.startsWith("/") || v.startsWith("\\") || v.startsWith("~")
                || WINDOWS_DRIVE.matcher(v).matches() || v.contains("\0")) {
            throw WebException.badRequest(what + " looks like a file path; the explorer takes no paths, "
                    + "only dataset indices and uploads");
        }
    }
}
