package dev.loupe.data;

import dev.loupe.LoupeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a dataset on this machine, or downloads one, and says where it came from.
 *
 * <p>Places are tried in this order; the first that holds the wanted split wins:
 * <ol>
 *   <li>{@link Source#EXPLICIT}: the {@code --data} path, a directory holding IDX files or an image folder (see
 *       {@link ImageFolder}; a {@code train} or {@code test} sub-folder is used for that split when present). When
 *       given, it must hold the data: a wrong {@code --data} is an error, not a reason to look elsewhere.</li>
 *   <li>{@link Source#CACHE}: Loupe's cache, {@code <cache>/<dataset name>/}, where {@code <cache>} is
 *       {@code $LOUPE_HOME/datasets} when {@code LOUPE_HOME} (or the system property {@code loupe.home}) is set and
 *       {@code ~/.cache/loupe/datasets} otherwise.</li>
 *   <li>{@link Source#SYSTEM}: system-wide copies, by default {@code /usr/share/datasets/fashion-mnist} from Debian's
 *       {@code dataset-fashion-mnist} package.</li>
 *   <li>{@link Source#DOWNLOAD}: a download into the cache, verified by SHA-256 (see {@link Downloader}). Only
 *       MNIST is downloaded when no dataset was named. The base URL can be replaced by the system property
 *       {@code loupe.download.url} (a mirror, or a local test server), and downloads are off when {@code loupe.offline}
 *       is {@code true} or {@code LOUPE_OFFLINE} is set.</li>
 * </ol>
 * When nothing is found, {@link #locate} throws a {@link LoupeException} that says how to get a dataset.
 */
public final class DatasetLocator {
    /** Debian's {@code dataset-fashion-mnist} package installs the four gzip files here. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** Where a located dataset came from. */
    public enum Source {
        /** The path given with {@code --data}. */
        EXPLICIT("the --data path"),
        /** Loupe's own cache directory. */
        CACHE("Loupe's cache"),
        /** A system-wide copy, such as Debian's dataset package. */
        SYSTEM("a system-wide copy"),
        /** Downloaded just now, into the cache. */
        DOWNLOAD("a fresh download");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        /** A short phrase for messages, e.g. {@code Loupe's cache}. */
        public String description() {
            return description;
        }
    }

    /**
     * A dataset that was found.
     *
     * @param dataset  the images and labels
     * @param source   which place it came from
     * @param location the directory it was read from
     * @param family   the IDX family it belongs to, empty for an image folder
     */
    public record Located(Dataset dataset, Source source, Path location, Optional<DatasetFamily> family) {
        /** Validates that every part is present. */
        public Located {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(family, "family");
        }

        /** One line for the user, e.g. {@code mnist/test (10000 images) from Loupe's cache: /home/a/.cache/...}. */
        public String describe() {
            return dataset.name() + " (" + dataset.size() + " images) from " + source.description() + ": " + location;
        }
    }

    /**
     * A system-wide directory known to hold one family's files.
     *
     * @param family    the family whose files are there
     * @param directory the directory
     */
    public record SystemCopy(DatasetFamily family, Path directory) {
        /** Validates that both parts are present. */
        public SystemCopy {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(directory, "directory");
        }
    }

    /**
     * Where to look and whether to download.
     *
     * @param explicitData    the {@code --data} path, or null when none was given
     * @param cacheRoot       the cache directory holding one sub-directory per dataset name
     * @param systemCopies    system-wide copies to try after the cache
     * @param downloadBaseUrl a base URL that replaces every family's own, or null to use theirs
     * @param downloadAllowed false to never go online
     * @param imageOptions    how to read an image folder given as {@code explicitData}
     * @param progress        receives download progress and warnings
     */
    public record Config(Path explicitData, Path cacheRoot, List<SystemCopy> systemCopies, String downloadBaseUrl,
            boolean downloadAllowed, ImageFolder.Options imageOptions, DownloadProgress progress) {
        /** Validates the required parts; copies the list. */
        public Config {
            Objects.requireNonNull(cacheRoot, "cacheRoot");
            systemCopies = List.copyOf(systemCopies);
            Objects.requireNonNull(imageOptions, "imageOptions");
            Objects.requireNonNull(progress, "progress");
            if (downloadBaseUrl != null && downloadBaseUrl.isBlank()) {
                downloadBaseUrl = null;
            }
        }

        /**
         * The configuration from the environment: cache from {@code LOUPE_HOME} / {@code loupe.home} or
         * {@code ~/.cache/loupe/datasets}, Debian's Fashion-MNIST as system copy, base URL from
         * {@code loupe.download.url}, downloads off when {@code loupe.offline=true} or {@code LOUPE_OFFLINE} is set,
         * 28 x 28 grey image folders, and no progress listener.
         */
        public static Config fromEnvironment(Path explicitData) {
            String home = System.getProperty("loupe.home", System.getenv("LOUPE_HOME"));
            Path cache = home != null && !home.isBlank() ? Path.of(home, "datasets")
                    : Path.of(System.getProperty("user.home"), ".cache", "loupe", "datasets");
            boolean offline = Boolean.getBoolean("loupe.offline") || System.getenv("LOUPE_OFFLINE") != null;
            return new Config(explicitData, cache,
                    List.of(new SystemCopy(KnownDatasets.FASHION_MNIST, DEBIAN_FASHION_MNIST)),
                    System.getProperty("loupe.download.url"), !offline, ImageFolder.Options.MNIST_LIKE,
                    DownloadProgress.NONE);
        }

        /** This configuration with another progress listener. */
        public Config withProgress(DownloadProgress listener) {
            return new Config(explicitData, cacheRoot, systemCopies, downloadBaseUrl, downloadAllowed, imageOptions,
                    listener);
        }

        /** This configuration with another way to read image folders. */
        public Config withImageOptions(ImageFolder.Options options) {
            return new Config(explicitData, cacheRoot, systemCopies, downloadBaseUrl, downloadAllowed, options,
                    progress);
        }
    }

    private static final String HOW_TO_GET_ONE = "pass --data DIR (IDX files or one folder of images per class), or "
            + "`apt-get install dataset-fashion-mnist`, or go online to download MNIST";

    private final Config config;
    private final Downloader downloader;

    /** A locator with the given configuration and a default {@link Downloader}. */
    public DatasetLocator(Config config) {
        this(config, new Downloader());
    }

    /** A locator with the given configuration and downloader. */
    public DatasetLocator(Config config, Downloader downloader) {
        this.config = Objects.requireNonNull(config, "config");
        this.downloader = Objects.requireNonNull(downloader, "downloader");
    }

    /** A locator configured from the environment (see {@link Config#fromEnvironment}). */
    public static DatasetLocator fromEnvironment(Path explicitData) {
        return new DatasetLocator(Config.fromEnvironment(explicitData));
    }

    /** The configuration in use. */
    public Config config() {
        return config;
    }

    /** The cache directory of one family: {@code <cacheRoot>/<name>}. */
    public Path cacheDirectory(DatasetFamily family) {
        return config.cacheRoot().resolve(family.name());
    }

    /**
     * Finds {@code split} of the named dataset; a null, empty or {@code auto} name takes any dataset, preferring
     * MNIST.
     *
     * @throws LoupeException for an unknown name, a bad {@code --data} path, a corrupt file, or when nothing is found
     */
    public Located locate(String name, Split split) {
        if (name == null || name.isBlank() || name.strip().equalsIgnoreCase("auto")) {
            return locateAny(split);
        }
        return locate(KnownDatasets.byName(name), split);
    }

    /**
     * Finds {@code split} of one family: in {@code --data}, the cache, a system copy, or by download.
     *
     * @throws LoupeException for a bad {@code --data} path, a corrupt file, or when nothing is found
     */
    public Located locate(DatasetFamily family, Split split) {
        Objects.requireNonNull(split, "split");
        if (config.explicitData() != null) {
            return fromExplicit(Optional.of(family), split);
        }
        Optional<Located> found = fromCache(family, split).or(() -> fromSystem(family, split));
        if (found.isPresent()) {
            return found.get();
        }
        if (!family.downloadable()) {
            throw new LoupeException("no " + family.datasetName(split) + " found: pass --data DIR holding "
                    + family.images(split).fileName() + " and " + family.labels(split).fileName() + ", or put them in "
                    + cacheDirectory(family));
        }
        return download(family, split);
    }

    /**
     * Finds {@code split} of any dataset: {@code --data}, then any family in the cache (in
     * {@link KnownDatasets#all()} order), then a system copy, then a download of MNIST.
     *
     * @throws LoupeException when nothing is found, saying how to get a dataset
     */
    public Located locateAny(Split split) {
        Objects.requireNonNull(split, "split");
        if (config.explicitData() != null) {
            return fromExplicit(Optional.empty(), split);
        }
        for (DatasetFamily family : KnownDatasets.all()) {
            Optional<Located> cached = fromCache(family, split);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        for (SystemCopy copy : config.systemCopies()) {
            Optional<Located> system = fromSystem(copy.family(), split);
            if (system.isPresent()) {
                return system.get();
            }
        }
        return download(KnownDatasets.MNIST, split);
    }

    // ---------------------------------------------------------------- the four places

    private Located fromExplicit(Optional<DatasetFamily> wanted, Split split) {
        Path dir = config.explicitData();
        if (!Files.isDirectory(dir)) {
            throw new LoupeException(dir + ": --data must be a directory holding IDX files or one folder of images "
                    + "per class" + (Files.exists(dir) ? "" : " (it does not exist)"));
        }
        List<DatasetFamily> candidates = wanted.map(List::of).orElseGet(KnownDatasets::all);
        List<DatasetFamily> present = new ArrayList<>();
        for (DatasetFamily f : candidates) {
            if (idxFile(dir, f.images(split)).isPresent() && idxFile(dir, f.labels(split)).isPresent()) {
                present.add(f);
            }
        }
        if (!present.isEmpty()) {
            DatasetFamily family = present.size() == 1 ? present.get(0) : identify(dir, present, split);
            return new Located(readIdx(dir, family, split), Source.EXPLICIT, dir, Optional.of(family));
        }
        if (ImageFolder.looksLikeImageFolder(dir)) {
            Path splitDir = dir.resolve(split.id());
            Path root = Files.isDirectory(splitDir) && ImageFolder.looksLikeImageFolder(splitDir) ? splitDir : dir;
            return new Located(ImageFolder.read(root, config.imageOptions()), Source.EXPLICIT, root, Optional.empty());
        }
        String expected = wanted.map(f -> f.images(split).fileName() + " and " + f.labels(split).fileName())
                .orElse("IDX files such as " + KnownDatasets.MNIST.images(split).fileName());
        throw new LoupeException(dir + ": --data holds neither " + expected + " nor one folder of images per class");
    }

    private Optional<Located> fromCache(DatasetFamily family, Split split) {
        Path dir = cacheDirectory(family);
        if (!hasSplit(dir, family, split)) {
            return Optional.empty();
        }
        return Optional.of(new Located(readIdx(dir, family, split), Source.CACHE, dir, Optional.of(family)));
    }

    private Optional<Located> fromSystem(DatasetFamily family, Split split) {
        for (SystemCopy copy : config.systemCopies()) {
            if (copy.family().name().equals(family.name()) && hasSplit(copy.directory(), family, split)) {
                return Optional.of(new Located(readIdx(copy.directory(), family, split), Source.SYSTEM,
                        copy.directory(), Optional.of(family)));
            }
        }
        return Optional.empty();
    }

    private Located download(DatasetFamily family, Split split) {
        if (!config.downloadAllowed()) {
            throw new LoupeException("no dataset found for " + family.datasetName(split)
                    + " and downloads are off (offline): " + HOW_TO_GET_ONE);
        }
        DatasetFamily source = config.downloadBaseUrl() == null ? family : family.withBaseUrl(config.downloadBaseUrl());
        Path dir = cacheDirectory(family);
        try {
            for (RemoteFile file : source.files(split)) {
                if (idxFile(dir, file).isEmpty()) {
                    downloader.download(source.baseUrl(), file, dir, config.progress());
                }
            }
        } catch (LoupeException e) {
            throw new LoupeException("no dataset found for " + family.datasetName(split) + " and the download failed ("
                    + e.getMessage() + "): " + HOW_TO_GET_ONE, e);
        }
        return new Located(readIdx(dir, family, split), Source.DOWNLOAD, dir, Optional.of(family));
    }

    // ---------------------------------------------------------------- helpers

    private static boolean hasSplit(Path dir, DatasetFamily family, Split split) {
        return Files.isDirectory(dir) && idxFile(dir, family.images(split)).isPresent()
                && idxFile(dir, family.labels(split)).isPresent();
    }

    /** Reads a split; a malformed file's message gets the directory appended, since Idx names only the file. */
    private static Dataset readIdx(Path dir, DatasetFamily family, Split split) {
        Path images = idxFile(dir, family.images(split)).orElseThrow();
        Path labels = idxFile(dir, family.labels(split)).orElseThrow();
        try {
            return Idx.readDataset(images, labels, family.transposed(), family.classNames(),
                    family.datasetName(split));
        } catch (LoupeException e) {
            throw new LoupeException(e.getMessage() + " (in " + dir + ")", e);
        }
    }

    /**
     * The file in {@code dir} holding {@code file}: its exact name, the name without {@code .gz} (unpacked copies),
     * or either with {@code .idx} in place of {@code -idx} (as some mirrors spell it). Compression is detected from
     * the content, so any of these may be gzip or raw.
     */
    static Optional<Path> idxFile(Path dir, RemoteFile file) {
        String name = file.fileName();
        String raw = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        for (String candidate : List.of(name, raw, name.replace("-idx", ".idx"), raw.replace("-idx", ".idx"))) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Picks which of several families with the same file names a directory holds: first by the SHA-256 of its label
     * file (small, so cheap) against the known digests, then by a family name appearing in the directory's path,
     * then the first candidate (MNIST).
     */
    private static DatasetFamily identify(Path dir, List<DatasetFamily> candidates, Split split) {
        for (DatasetFamily f : candidates) {
            RemoteFile labels = f.labels(split);
            if (labels.hasChecksum() && labels.trusts(Downloader.sha256Hex(idxFile(dir, labels).orElseThrow()))) {
                return f;
            }
        }
        String path = dir.toAbsolutePath().toString().toLowerCase(Locale.ROOT);
        DatasetFamily best = null;
        for (DatasetFamily f : candidates) {
            if (path.contains(f.name()) && (best == null || f.name().length() > best.name().length())) {
                best = f;
            }
        }
        return best != null ? best : candidates.get(0);
    }
}
