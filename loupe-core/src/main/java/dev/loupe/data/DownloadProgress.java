package dev.loupe.data;

/**
 * Receives the progress of a download, so that a front end can draw a progress bar; core itself prints nothing.
 *
 * <p>Calls come from the downloading thread, in order: {@link #started}, any number of {@link #advanced}, then
 * {@link #finished} when the file was received (before it is verified). Warnings, such as a file with no known
 * checksum, go to {@link #warning}.
 */
public interface DownloadProgress {
    /** A listener that ignores everything. */
    DownloadProgress NONE = (file, done, total) -> { };

    /**
     * Bytes received so far.
     *
     * @param file       the file name being downloaded
     * @param bytesDone  bytes received so far
     * @param totalBytes the expected size, or -1 when the server did not say and the size is not known
     */
    void advanced(String file, long bytesDone, long totalBytes);

    /** A download of {@code file} from {@code url} begins; {@code totalBytes} is -1 when unknown. */
    default void started(String file, String url, long totalBytes) {
    }

    /** The last byte of {@code file} arrived. */
    default void finished(String file, long bytes) {
    }

    /** Something the user should know that does not stop the download (one line). */
    default void warning(String message) {
    }
}
