package dev.loupe.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsShapeAndValues() {
        Tensor t = Tensor.of(new float[] {1.5f, -2f, 3.25f, 0f, 7f, -0.125f}, 2, 3);
        Path f = dir.resolve("x.npy");
        Npy.write(f, t);
        Tensor back = Npy.read(f);
        assertThat(back.shape()).containsExactly(2, 3);
        assertThat(back.data()).containsExactly(t.data());
    }

    @Test
    void headerIsAlignedAndReadableByNumpyConventions() throws Exception {
        Path f = dir.resolve("v.npy");
        Npy.write(f, Tensor.zeros(5));
        byte[] bytes = Files.readAllBytes(f);
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertThat((10 + headerLen) % 64).isZero();
        assertThat(new String(bytes, 10, headerLen, "ISO-8859-1")).contains("'shape': (5,)").endsWith("\n");
        assertThat(bytes.length).isEqualTo(10 + headerLen + 20);
    }

    @Test
    void rejectsGarbageAndTruncation() throws Exception {
        Path bad = dir.resolve("bad.npy");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertThatThrownBy(() -> Npy.read(bad)).isInstanceOf(LoupeException.class).hasMessageContaining("bad magic");
        Path f = dir.resolve("t.npy");
        Npy.write(f, Tensor.zeros(4, 4));
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        assertThatThrownBy(() -> Npy.read(f)).isInstanceOf(LoupeException.class).hasMessageContaining("truncated");
    }
}
