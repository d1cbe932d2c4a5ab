package dev.loupe.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownDatasetsTest {
    @Test
    void namesAndLookup() {
        assertThat(KnownDatasets.names()).containsExactly("mnist", "fashion-mnist", "kmnist", "emnist-letters",
                "emnist-balanced", "emnist-bymerge", "emnist-byclass", "emnist-digits", "emnist-mnist");
        assertThat(KnownDatasets.byName(" Fashion-MNIST ")).isSameAs(KnownDatasets.FASHION_MNIST);
        assertThatThrownBy(() -> KnownDatasets.byName("svhn")).isInstanceOf(LoupeException.class);
    }

    @Test
    void classCountsMatchThePublishedSplits() {
        assertThat(KnownDatasets.MNIST.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(KnownDatasets.FASHION_MNIST.classNames()).containsExactly("T-shirt/top", "Trouser", "Pullover",
                "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
        assertThat(KnownDatasets.KMNIST.classNames()).hasSize(10);
        assertThat(KnownDatasets.byName("emnist-byclass").classNames()).hasSize(62);
        assertThat(KnownDatasets.byName("emnist-bymerge").classNames()).hasSize(47);
        assertThat(KnownDatasets.byName("emnist-balanced").classNames()).hasSize(47);
        assertThat(KnownDatasets.byName("emnist-letters").classNames()).hasSize(27).startsWith("N/A", "a");
        assertThat(KnownDatasets.byName("emnist-digits").classNames()).hasSize(10);
    }

    @Test
    void filesAndDownloads() {
        DatasetFamily m = KnownDatasets.MNIST;
        assertThat(m.baseUrl()).isEqualTo("https://ossci-datasets.s3.amazonaws.com/mnist/");
        assertThat(m.files(Split.TRAIN)).extracting(RemoteFile::fileName)
                .containsExactly("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
        assertThat(m.files(Split.TEST)).extracting(RemoteFile::fileName)
                .containsExactly("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
        for (DatasetFamily f : List.of(KnownDatasets.MNIST, KnownDatasets.FASHION_MNIST, KnownDatasets.KMNIST)) {
            assertThat(f.downloadable()).isTrue();
            assertThat(f.transposed()).isFalse();
            for (Split s : Split.values()) {
                assertThat(f.files(s)).allMatch(RemoteFile::hasChecksum);
            }
        }
        DatasetFamily e = KnownDatasets.byName("emnist-balanced");
        assertThat(e.transposed()).isTrue();
        assertThat(e.downloadable()).isFalse();
        assertThat(e.images(Split.TEST).fileName()).isEqualTo("emnist-balanced-test-images-idx3-ubyte.gz");
    }

    @Test
    void remoteFilesValidateTheirDigests() {
        assertThatThrownBy(() -> new RemoteFile("x.gz", -1, List.of("abc"))).hasMessageContaining("not a SHA-256");
        assertThatThrownBy(() -> new RemoteFile("a/b.gz", -1, List.of())).hasMessageContaining("bad file name");
        RemoteFile f = new RemoteFile("x.gz", 3, List.of("AB".repeat(32)));
        assertThat(f.trusts("ab".repeat(32))).isTrue();
        assertThat(f.trusts(new byte[32])).isFalse();
        assertThat(Split.parse("Train")).isEqualTo(Split.TRAIN);
        assertThatThrownBy(() -> Split.parse("val")).hasMessage("unknown split 'val': use train or test");
    }
}
