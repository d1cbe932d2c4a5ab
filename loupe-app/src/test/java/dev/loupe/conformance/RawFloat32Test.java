package dev.loupe.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawFloat32Test {
    @TempDir
    Path dir;

    @Test
    void readsLittleEndianFloat32InCOrder() throws Exception {
        Path f = dir.resolve("t.bin");
        // 1.0f = 0x3F800000, -2.5f = 0xC0200000, written little-endian
        Files.write(f, new byte[] {0, 0, (byte) 0x80, 0x3F, 0, 0, 0x20, (byte) 0xC0});
        Tensor t = RawFloat32.read(f, 1, 2);
        assertThat(t.shape()).containsExactly(1, 2);
        assertThat(t.data()).containsExactly(1f, -2.5f);
    }

    @Test
    void roundTripsThroughWrite() {
        Tensor t = Tensor.of(new float[] {0.1f, -3e-8f, Float.MAX_VALUE, 7, 8, 9}, 2, 3);
        Path f = dir.resolve("r.bin");
        RawFloat32.write(f, t);
        assertThat(RawFloat32.read(f, 2, 3).data()).containsExactly(t.data());
    }

    @Test
    void sizeMismatchNamesFileAndSizes() throws Exception {
        Path f = dir.resolve("short.bin");
        Files.write(f, new byte[12]);
        assertThatThrownBy(() -> RawFloat32.read(f, 2, 2)).isInstanceOf(LoupeException.class)
                .hasMessageContaining("short.bin").hasMessageContaining("expected 16 bytes").hasMessageContaining("12");
    }

    @Test
    void missingFileIsAUserError() {
        assertThatThrownBy(() -> RawFloat32.read(dir.resolve("none.bin"), 1))
                .isInstanceOf(LoupeException.class).hasMessageContaining("none.bin").hasMessageContaining("no such file");
    }
}
