package dev.loupe.data;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One file of a published dataset, with what is known to check a copy of it.
 *
 * <p>{@code sha256} lists the SHA-256 digests (lower-case hex) of every trusted copy of the file, the upstream
 * download first. Some redistributions re-pack the gzip stream without changing the IDX content (Debian's
 * {@code dataset-fashion-mnist} drops the file name from the gzip header, for example), so one file can have more
 * than one trusted digest. An empty list means no digest is known: a download can then be checked only by its size,
 * and a warning says so.
 *
 * @param fileName the file name, e.g. {@code train-images-idx3-ubyte.gz}
 * @param bytes    the size of the upstream file in bytes, or -1 when unknown
 * @param sha256   trusted SHA-256 digests, possibly empty
 */
public record RemoteFile(String fileName, long bytes, List<String> sha256) {
    /** Validates the name, the size and each digest's form. */
    public RemoteFile {
        Objects.requireNonNull(fileName, "fileName");
        if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("bad file name '" + fileName + "'");
        }
        if (bytes < -1) {
            throw new IllegalArgumentException(fileName + ": size must be -1 (unknown) or >= 0, got " + bytes);
        }
        sha256 = sha256.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        for (String digest : sha256) {
            if (digest.length() != 64 || !digest.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException(fileName + ": '" + digest + "' is not a SHA-256 hex digest");
            }
        }
    }

    /** A file with no known size or digest. */
    public static RemoteFile unverified(String fileName) {
        return new RemoteFile(fileName, -1, List.of());
    }

    /** True when at least one trusted digest is known. */
    public boolean hasChecksum() {
        return !sha256.isEmpty();
    }

    /** True when {@code digest} (hex, any case) is one of the trusted digests. */
    public boolean trusts(String digest) {
        return sha256.contains(digest.toLowerCase(Locale.ROOT));
    }

    /** True when {@code digest} (raw bytes) is one of the trusted digests. */
    public boolean trusts(byte[] digest) {
        return trusts(HexFormat.of().formatHex(digest));
    }
}
