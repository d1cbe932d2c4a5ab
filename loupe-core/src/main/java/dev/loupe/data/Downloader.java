package dev.loupe.data;

import dev.loupe.LoupeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Downloads single dataset files over HTTP(S) and verifies them, using only the JDK's {@link HttpClient}.
 *
 * <p>A file is streamed to a temporary file in the target directory while its SHA-256 is computed. Only when the
 * digest is one of {@link RemoteFile#sha256()} (or, for a file without a known digest, when the size matches where it
 * is known) is the temporary file renamed, atomically where the file system allows, to its final name. A failed or
 * rejected download never leaves a file under the final name, and its temporary file is deleted.
 */
public final class Downloader {
    private static final int BUFFER = 1 << 16;
    private final HttpClient client;
    private final Duration timeout;

    /** A downloader that follows redirects and gives up on a stalled connection after {@code timeout}. */
    public Downloader(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(timeout)
                .build();
    }

    /** A downloader with a 30-second timeout. */
    public Downloader() {
        this(Duration.ofSeconds(30));
    }

    /**
     * Downloads {@code baseUrl + file.fileName()} into {@code directory} and verifies it.
     *
     * @return the path of the verified file
     * @throws LoupeException naming the file when the server cannot be reached, answers with an error status, or the
     *                        file's checksum or size is wrong
     */
    public Path download(String baseUrl, RemoteFile file, Path directory, DownloadProgress progress) {
        String url = baseUrl + file.fileName();
        Path target = directory.resolve(file.fileName());
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, "." + file.fileName() + ".", ".part");
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new LoupeException(file.fileName() + ": download failed: HTTP " + response.statusCode()
                            + " from " + url);
                }
                long total = response.headers().firstValueAsLong("Content-Length").orElse(file.bytes());
                byte[] digest = copy(body, temp, file.fileName(), url, total, progress);
                verify(file, temp, digest, progress);
            }
            move(temp, target);
            temp = null;
            return target;
        } catch (IOException e) {
            throw new LoupeException(file.fileName() + ": download from " + url + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoupeException(file.fileName() + ": download from " + url + " was interrupted", e);
        } catch (IllegalArgumentException e) {
            throw new LoupeException(file.fileName() + ": bad download URL " + url, e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    private static byte[] copy(InputStream body, Path temp, String name, String url, long total,
            DownloadProgress progress) throws IOException {
        MessageDigest sha = sha256();
        progress.started(name, url, total);
        long done = 0;
        try (DigestInputStream in = new DigestInputStream(body, sha); OutputStream out = Files.newOutputStream(temp)) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                done += n;
                progress.advanced(name, done, total);
            }
        }
        progress.finished(name, done);
        return sha.digest();
    }

    private static void verify(RemoteFile file, Path temp, byte[] digest, DownloadProgress progress)
            throws IOException {
        long size = Files.size(temp);
        if (file.hasChecksum()) {
            if (!file.trusts(digest)) {
                throw new LoupeException(file.fileName() + ": checksum mismatch: got SHA-256 "
                        + HexFormat.of().formatHex(digest) + ", expected " + file.sha256().get(0)
                        + "; the download was discarded");
            }
            return;
        }
        if (file.bytes() >= 0 && size != file.bytes()) {
            throw new LoupeException(file.fileName() + ": size mismatch: got " + size + " bytes, expected "
                    + file.bytes() + "; the download was discarded");
        }
        progress.warning(file.fileName() + ": no known SHA-256 to verify against"
                + (file.bytes() >= 0 ? "; checked its size only" : "; it is unverified")
                + " (SHA-256 " + HexFormat.of().formatHex(digest) + ")");
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The SHA-256 of a file's bytes, as lower-case hex. */
    public static String sha256Hex(Path file) {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new LoupeException(file.getFileName() + ": cannot read: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return m == null || m.isBlank() ? kind : kind + ": " + m;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover .part file is harmless and is overwritten by the next attempt's own temp file
        }
    }
}
