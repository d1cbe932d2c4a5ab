package dev.loupe.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.nn.Add;
import dev.loupe.nn.Architectures;
import dev.loupe.nn.AvgPool2d;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Dropout;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.GlobalAvgPool;
import dev.loupe.nn.Linear;
import dev.loupe.nn.LogSoftmax;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.PoolWindow;
import dev.loupe.nn.ReLU;
import dev.loupe.nn.Softmax;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import dev.loupe.train.Trainer;
import dev.loupe.train.TrainingConfig;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelFileTest {
    private static final List<String> DIGITS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"seednet", "mnistnet", "resnet-mini", "allconv"})
    void builtInArchitecturesRoundTrip(String arch) {
        Model model = Architectures.create(arch, 17);
        Path file = dir.resolve(arch + ".loupe");
        ModelFile.save(file, model, Map.of("dataset", "none"), DIGITS);
        SavedModel loaded = ModelFile.load(file);
        assertSameModel(loaded.model(), model, Tensor.randn(new Random(2), 1f, 2, 1, 28, 28));
        assertThat(loaded.classNames()).isEqualTo(DIGITS);
        assertThat(loaded.provenance()).containsEntry("dataset", "none").containsKeys("date", "loupe_version");
    }

    @Test
    void aTrainedModelWithBatchStatisticsRoundTripsWithItsProvenance() {
        Random random = new Random(4);
        Model initial = Architectures.create("resnet-mini", new int[] {1, 8, 8}, 3, 5);
        Tensor images = Tensor.uniform(random, 1f, 24, 1, 8, 8);
        int[] labels = random.ints(24, 0, 3).toArray();
        TrainingConfig config = TrainingConfig.sgd(1, 8, 0.05, 0.9, 3, 1);
        Model trained = new Trainer(config).train(initial, images, labels);
        Map<String, String> provenance = new java.util.LinkedHashMap<>(config.provenance());
        provenance.put("dataset", "random");
        provenance.put("accuracy", "0.3333");
        provenance.put("date", "2026-01-01T00:00:00Z");
        Path file = dir.resolve("trained.loupe");
        ModelFile.save(file, trained, provenance, List.of());
        SavedModel loaded = ModelFile.load(file);
        assertSameModel(loaded.model(), trained, images.slice(0, 4));
        assertThat(loaded.provenance()).containsAllEntriesOf(provenance);
        assertThat(List.copyOf(loaded.provenance().keySet()).subList(0, provenance.size()))
                .isEqualTo(List.copyOf(provenance.keySet()));
        assertThat(loaded.classNames()).isEmpty();
    }

    @Test
    void everyLayerKindAndHyperParameterRoundTrips() {
        Random random = new Random(9);
        ConvGeometry g = new ConvGeometry(2, 4, 3, 2, 2, 1, 1, 2, 2, 1, 2);
        BatchNorm2d bn = new BatchNorm2d(Tensor.randn(random, 1f, 4), Tensor.randn(random, 1f, 4),
                Tensor.randn(random, 1f, 4), Tensor.uniform(random, 1f, 4).map(v -> 1.5 + v), 1e-3, 0.2);
        Model model = Model.builder("zoo", 2, 9, 10)
                .add("conv", new Conv2d(g, Tensor.randn(random, 0.5f, 4, 1, 3, 2), null))
                .add("bn", bn).add("relu", new ReLU())
                .add("conv2", new Conv2d(ConvGeometry.square(4, 4, 3, 1, 1), Tensor.randn(random, 0.3f, 4, 4, 3, 3),
                        Tensor.randn(random, 0.1f, 4)))
                .add("add", new Add(), "conv2", "relu")
                .add("avg", new AvgPool2d(new PoolWindow(3, 3, 2, 2, 1, 1, 1, 1, true), false))
                .add("max", new MaxPool2d(new PoolWindow(2, 2, 1, 1, 1, 1, 2, 2, false)))
                .add("gap", new GlobalAvgPool()).add("flatten", new Flatten()).add("drop", new Dropout(0.3))
                .add("fc", new Linear(Tensor.randn(random, 0.5f, 5, 4), Tensor.randn(random, 0.1f, 5)))
                .add("soft", new Softmax()).add("log", new LogSoftmax())
                .build();
        Path file = dir.resolve("zoo.loupe");
        ModelFile.save(file, model, Map.of(), List.of("a", "b", "c", "d", "e"));
        SavedModel loaded = ModelFile.load(file);
        assertThat(loaded.model().nodeNames()).isEqualTo(model.nodeNames());
        for (int i = 0; i < model.nodes().size(); i++) {
            var a = model.nodes().get(i);
            var b = loaded.model().nodes().get(i);
            assertThat(b.name()).isEqualTo(a.name());
            assertThat(b.inputs()).isEqualTo(a.inputs());
            assertThat(b.layer().getClass()).isEqualTo(a.layer().getClass());
            assertThat(b.layer().describe()).isEqualTo(a.layer().describe());
        }
        assertThat(((Conv2d) loaded.model().node("conv").layer()).geometry()).isEqualTo(g);
        BatchNorm2d bn2 = (BatchNorm2d) loaded.model().node("bn").layer();
        assertThat(bn2.eps()).isEqualTo(1e-3);
        assertThat(bn2.momentum()).isEqualTo(0.2);
        assertThat(((AvgPool2d) loaded.model().node("avg").layer()))
                .isEqualTo(new AvgPool2d(new PoolWindow(3, 3, 2, 2, 1, 1, 1, 1, true), false));
        assertThat(((MaxPool2d) loaded.model().node("max").layer()).window())
                .isEqualTo(new PoolWindow(2, 2, 1, 1, 1, 1, 2, 2, false));
        assertThat(((Dropout) loaded.model().node("drop").layer()).p()).isEqualTo(0.3);
        assertSameModel(loaded.model(), model, Tensor.randn(random, 1f, 3, 2, 9, 10));
    }

    @Test
    void aFlippedByteIsACorruptFile() throws IOException {
        Path file = dir.resolve("m.loupe");
        ModelFile.save(file, Architectures.create("seednet", 1), Map.of(), List.of());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(LoupeException.class)
                .hasMessage("m.loupe: checksum mismatch (file corrupt)");
    }

    @Test
    void aFutureVersionIsNamed() throws IOException {
        Path file = dir.resolve("m.loupe");
        ModelFile.save(file, Architectures.create("seednet", 1), Map.of(), List.of());
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt(8, 9);
        Files.write(file, bytes);
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(LoupeException.class)
                .hasMessage("m.loupe: unknown model format version 9 (this Loupe reads 1)");
    }

    @Test
    void truncatedFilesSaySo() throws IOException {
        Path file = dir.resolve("m.loupe");
        ModelFile.save(file, Architectures.create("seednet", 1), Map.of(), List.of());
        byte[] bytes = Files.readAllBytes(file);
        for (int keep : new int[] {bytes.length - 1, bytes.length / 2, 14, 5}) {
            Files.write(file, java.util.Arrays.copyOf(bytes, keep));
            assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(LoupeException.class)
                    .hasMessageStartingWith("m.loupe: truncated model file (" + keep + " of ");
        }
    }

    @Test
    void otherFilesAreNotModelFiles() throws IOException {
        Path png = dir.resolve("digit.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});
        assertThatThrownBy(() -> ModelFile.load(png)).isInstanceOf(LoupeException.class)
                .hasMessage("digit.png: not a Loupe model file (wrong magic)");
        Path empty = Files.createFile(dir.resolve("empty.loupe"));
        assertThatThrownBy(() -> ModelFile.load(empty)).hasMessage("empty.loupe: not a Loupe model file (wrong magic)");
        assertThatThrownBy(() -> ModelFile.load(dir.resolve("absent.loupe")))
                .isInstanceOf(LoupeException.class).hasMessage("absent.loupe: no such model file");
    }

    @Test
    void aFailureMidWriteKeepsThePreviousFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("m.loupe");
        Model first = Architectures.create("seednet", 1);
        ModelFile.save(file, first, Map.of("run", "first"), List.of());
        byte[] before = Files.readAllBytes(file);
        Model second = Architectures.create("seednet", 2);
        assertThatThrownBy(() -> ModelFile.save(file, second, Map.of("run", "second"), List.of(),
                out -> new FailingAfter(out, 5000)))
                .isInstanceOf(LoupeException.class).hasMessageStartingWith("m.loupe: cannot write the model");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(ModelFile.load(file).model().digest()).isEqualTo(first.digest());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("m.loupe");
        }
    }

    @Test
    void anUnknownLayerKindUnderAValidChecksumIsMalformed() throws Exception {
        Path file = dir.resolve("m.loupe");
        ModelFile.save(file, Architectures.create("seednet", 1), Map.of(), List.of());
        byte[] bytes = Files.readAllBytes(file);
        // rename the kind "relu" (stored as length 4 + UTF-8) to "relx" and re-seal the file with a fresh checksum
        byte[] kind = {0, 0, 0, 4, 'r', 'e', 'l', 'u'};
        int at = indexOf(bytes, kind);
        assertThat(at).isPositive();
        bytes[at + 7] = 'x';
        int body = bytes.length - 32;
        byte[] sum = java.security.MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(bytes, body));
        System.arraycopy(sum, 0, bytes, body, 32);
        Files.write(file, bytes);
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(LoupeException.class)
                .hasMessage("m.loupe: malformed model (unknown layer kind 'relx')");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void classNamesMustMatchTheOutputs() {
        assertThatThrownBy(() -> ModelFile.save(dir.resolve("m.loupe"), Architectures.create("seednet", 1), Map.of(),
                List.of("a", "b"))).isInstanceOf(LoupeException.class).hasMessageContaining("2 class names");
    }

    private static void assertSameModel(Model loaded, Model original, Tensor input) {
        assertThat(loaded.architecture()).isEqualTo(original.architecture());
        assertThat(loaded.inputShape()).isEqualTo(original.inputShape());
        assertThat(loaded.summary()).isEqualTo(original.summary());
        assertThat(loaded.digest()).isEqualTo(original.digest());
        Tensor a = original.forward(input, dev.loupe.nn.ForwardOptions.inference(Parallel.serial())).output();
        Tensor b = loaded.forward(input, dev.loupe.nn.ForwardOptions.inference(Parallel.serial())).output();
        assertThat(b.data()).isEqualTo(a.data());
    }

    /** A stream that fails with an I/O error after {@code limit} bytes, like a full disk. */
    private static final class FailingAfter extends FilterOutputStream {
        private long left;

        FailingAfter(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, left);
            out.write(b, off, n);
            left -= n;
            if (n < len) {
                throw new IOException("No space left on device");
            }
        }
    }
}
