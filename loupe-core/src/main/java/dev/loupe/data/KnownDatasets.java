package dev.loupe.data;

import dev.loupe.LoupeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The registry of IDX datasets Loupe knows by name: {@code mnist}, {@code fashion-mnist}, {@code kmnist} and the six
 * EMNIST splits {@code emnist-balanced}, {@code emnist-byclass}, {@code emnist-bymerge}, {@code emnist-digits},
 * {@code emnist-letters}, {@code emnist-mnist}.
 *
 * <h2>Where the checksums come from</h2>
 * <ul>
 *   <li><b>MNIST</b> (LeCun, Cortes and Burges): the SHA-256 of all four upstream gzip files, as published by many
 *       independent download scripts (torchvision-ruby, TensorFlow mirror users, and others) and consistent with the
 *       upstream sizes. The copies of the two test files in Loupe's shared test data are re-packed (their gzip
 *       header carries a file name and a 2021 time stamp) and have the second digest listed; their IDX content is
 *       what the tests read.</li>
 *   <li><b>Fashion-MNIST</b> (Xiao, Rasul and Vollgraf, 2017, arXiv:1708.07747): the SHA-256 of the four upstream files
 *       (widely published next to Zalando's MD5 sums), plus the digests of Debian's {@code dataset-fashion-mnist}
 *       copies, computed with {@code sha256sum} from {@code /usr/share/datasets/fashion-mnist}. Debian's files are
 *       the upstream files with the file name dropped from the gzip header (each is exactly that name's length plus
 *       one byte smaller).</li>
 *   <li><b>KMNIST</b> (Clanuwat et al., 2018, arXiv:1812.01718): the SHA-256 used by torchvision-ruby's downloader
 *       (one source); sizes unknown.</li>
 *   <li><b>EMNIST</b> (Cohen et al., 2017, arXiv:1702.05373): no digests and no per-file download, because EMNIST is
 *       published as one large zip archive; point {@code --data} at the extracted {@code gzip} folder. Its images are
 *       stored transposed, so {@link DatasetFamily#transposed()} is set.</li>
 * </ul>
 */
public final class KnownDatasets {
    /** MNIST handwritten digits, downloaded from the PyTorch team's mirror of LeCun's files. */
    public static final DatasetFamily MNIST = new DatasetFamily("mnist", "MNIST", digits(), false,
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            new RemoteFile("train-images-idx3-ubyte.gz", 9_912_422,
                    List.of("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609")),
            new RemoteFile("train-labels-idx1-ubyte.gz", 28_881,
                    List.of("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c")),
            new RemoteFile("t10k-images-idx3-ubyte.gz", 1_648_877,
                    List.of("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                            "167310007f03058885c7e95e6c0b19c20de5c7fd3031f4cbdadc9014a523d80b")),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", 4_542,
                    List.of("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
                            "fc607395669ec21321ea83e4b82c0544b7e8e63ff5b34337c06bc0a17cc0da3c")));

    /** Fashion-MNIST: Zalando article photos in 10 classes, a drop-in replacement for MNIST. */
    public static final DatasetFamily FASHION_MNIST = new DatasetFamily("fashion-mnist", "Fashion-MNIST",
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"),
            false, "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            new RemoteFile("train-images-idx3-ubyte.gz", 26_421_880,
                    List.of("3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                            "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7")),
            new RemoteFile("train-labels-idx1-ubyte.gz", 29_515,
                    List.of("a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                            "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056")),
            new RemoteFile("t10k-images-idx3-ubyte.gz", 4_422_102,
                    List.of("346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                            "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa")),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", 5_148,
                    List.of("67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
                            "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05")));

    /** Kuzushiji-MNIST: one cursive Japanese character for each of the 10 rows of Hiragana, romanized. */
    public static final DatasetFamily KMNIST = new DatasetFamily("kmnist", "Kuzushiji-MNIST",
            List.of("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"),
            false, "http://codh.rois.ac.jp/kmnist/dataset/kmnist/",
            new RemoteFile("train-images-idx3-ubyte.gz", -1,
                    List.of("51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4")),
            new RemoteFile("train-labels-idx1-ubyte.gz", -1,
                    List.of("e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17")),
            new RemoteFile("t10k-images-idx3-ubyte.gz", -1,
                    List.of("edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5")),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", -1,
                    List.of("20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c")));

    private static final Map<String, DatasetFamily> BY_NAME;

    static {
        Map<String, DatasetFamily> m = new LinkedHashMap<>();
        for (DatasetFamily f : List.of(MNIST, FASHION_MNIST, KMNIST)) {
            m.put(f.name(), f);
        }
        List<String> upper = letters('A', 26);
        List<String> lower = letters('a', 26);
        List<String> byClass = concat(digits(), upper, lower);
        List<String> merged = concat(digits(), upper, List.of("a", "b", "d", "e", "f", "g", "h", "n", "q", "r", "t"));
        // EMNIST letters labels run 1..26; label 0 is unused, as in the published files.
        m.put("emnist-letters", emnist("letters", concat(List.of("N/A"), lower)));
        m.put("emnist-balanced", emnist("balanced", merged));
        m.put("emnist-bymerge", emnist("bymerge", merged));
        m.put("emnist-byclass", emnist("byclass", byClass));
        m.put("emnist-digits", emnist("digits", digits()));
        m.put("emnist-mnist", emnist("mnist", digits()));
        BY_NAME = Collections.unmodifiableMap(m);
    }

    private KnownDatasets() {
    }

    /** Every known family, MNIST first. */
    public static List<DatasetFamily> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The names accepted by {@link #byName}. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The family called {@code name} (any case).
     *
     * @throws LoupeException listing the valid names when there is none
     */
    public static DatasetFamily byName(String name) {
        DatasetFamily f = BY_NAME.get(name.strip().toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new LoupeException("unknown dataset '" + name + "': use one of " + String.join(", ", names()));
        }
        return f;
    }

    private static DatasetFamily emnist(String split, List<String> classes) {
        String prefix = "emnist-" + split + "-";
        return new DatasetFamily("emnist-" + split, "EMNIST " + split, classes, true, "",
                RemoteFile.unverified(prefix + "train-images-idx3-ubyte.gz"),
                RemoteFile.unverified(prefix + "train-labels-idx1-ubyte.gz"),
                RemoteFile.unverified(prefix + "test-images-idx3-ubyte.gz"),
                RemoteFile.unverified(prefix + "test-labels-idx1-ubyte.gz"));
    }

    private static List<String> digits() {
        return IntStream.range(0, 10).mapToObj(Integer::toString).toList();
    }

    private static List<String> letters(char first, int count) {
        return IntStream.range(0, count).mapToObj(i -> String.valueOf((char) (first + i))).toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) {
            out.addAll(p);
        }
        return List.copyOf(out);
    }
}
