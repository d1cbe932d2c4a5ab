package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Gemm} against a double-precision triple loop, on the Vector API kernel and on the scalar fallback. */
class GemmTest {
    private static final String VECTOR_PROPERTY = "loupe.vector";

    @AfterEach
    void restoreKernel() {
        System.clearProperty(VECTOR_PROPERTY);
    }

    /** One product to check, with its own offsets and leading dimensions. */
    private record Case(boolean transA, boolean transB, int m, int n, int k, int aOff, int lda, int bOff, int ldb,
                        int cOff, int ldc, boolean accumulate) {
        static Case random(Random r, int m, int n, int k) {
            boolean ta = r.nextBoolean(), tb = r.nextBoolean();
            int lda = (ta ? m : k) + (r.nextBoolean() ? 0 : r.nextInt(5));
            int ldb = (tb ? k : n) + (r.nextBoolean() ? 0 : r.nextInt(5));
            int ldc = n + (r.nextBoolean() ? 0 : r.nextInt(5));
            return new Case(ta, tb, m, n, k, r.nextInt(4), lda, r.nextInt(4), ldb, r.nextInt(4), ldc, r.nextBoolean());
        }

        int aLen() {
            return aOff + (transA ? k : m) * lda;
        }

        int bLen() {
            return bOff + (transB ? n : k) * ldb;
        }

        int cLen() {
            return cOff + m * ldc;
        }

        /** Runs Gemm and checks every element of C (and that padding outside the matrix is untouched). */
        void check(Random r, Parallel parallel) {
            float[] a = randomArray(r, aLen()), b = randomArray(r, bLen()), c = randomArray(r, cLen());
            float[] c0 = c.clone();
            Gemm.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc, parallel);
            for (int idx = 0; idx < c.length; idx++) {
                int rel = idx - cOff;
                int i = Math.floorDiv(rel, ldc), j = Math.floorMod(rel, ldc);
                if (rel < 0 || j >= n) {
                    assertThat(c[idx]).as("padding at %d of %s", idx, this).isEqualTo(c0[idx]);
                    continue;
                }
                double sum = accumulate ? c0[idx] : 0, abs = accumulate ? Math.abs(c0[idx]) : 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += av * bv;
                    abs += Math.abs(av * bv);
                }
                double tol = 1e-6 * (k + 2) * abs + 1e-30;
                assertThat((double) c[idx]).as("C[%d][%d] of %s", i, j, this).isCloseTo(sum,
                        org.assertj.core.data.Offset.offset(tol));
            }
        }
    }

    private static float[] randomArray(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void matchesDoubleOracleOverManyShapes(boolean vector) {
        System.setProperty(VECTOR_PROPERTY, Boolean.toString(vector));
        if (vector) {
            assertThat(Gemm.vectorized()).as("the test JVM has jdk.incubator.vector").isTrue();
        } else {
            assertThat(Gemm.vectorized()).isFalse();
        }
        Random r = new Random(7);
        int[] sizes = {1, 2, 3, 4, 5, 7, 10, 17, 20, 31, 33, 64, 65};
        for (int t = 0; t < 150; t++) {
            int m = sizes[r.nextInt(sizes.length)], n = sizes[r.nextInt(sizes.length)];
            int k = sizes[r.nextInt(sizes.length)];
            Case.random(r, m, n, k).check(r, Parallel.of(1 + r.nextInt(3)));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void matchesOracleAcrossBlockBoundaries(boolean vector) {
        System.setProperty(VECTOR_PROPERTY, Boolean.toString(vector));
        Random r = new Random(11);
        // k beyond one packed block, m beyond one row block, the seednet and mnistnet conv shapes.
        int[][] shapes = {{10, 576, 25}, {20, 64, 250}, {64, 300, 288}, {7, 9, Gemm.KC_MAX * 2 + 3},
                {200, 70, 40}, {3, 2100, 5}, {130, 5, 600}};
        for (int[] s : shapes) {
            for (int variant = 0; variant < 2; variant++) {
                Case.random(r, s[0], s[1], s[2]).check(r, Parallel.of(2));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void keptPackingOfAConstantAGivesTheSameBitsAndIsForgottenOnRequest(boolean vector) {
        System.setProperty(VECTOR_PROPERTY, Boolean.toString(vector));
        Random r = new Random(19);
        // convolution weights (seednet's conv2, m not a multiple of the tile; mnistnet's), a k beyond one block,
        // and an m beyond one row block split into row bands over the threads
        int[][] shapes = {{20, 64, 250}, {64, 1152, 288}, {7, 9, Gemm.KC_MAX * 2 + 3}, {200, 70, 40}};
        for (int[] s : shapes) {
            for (boolean transA : new boolean[] {false, true}) {
                int m = s[0], n = s[1], k = s[2], aOff = 5, lda = (transA ? m : k) + 3;
                float[] a = randomArray(r, aOff + (transA ? k : m) * lda), b = randomArray(r, k * n);
                GemmKernel kernel = Gemm.currentKernel();
                PackedPanels panels = new PackedPanels(kernel, k, n, new float[PackedPanels.size(kernel, k, n)]);
                new PanelSource(false, b, 0, n).pack(0, k, 0, n, kernel, panels.data());
                for (int round = 0; round < 3; round++) {
                    float[] expected = new float[m * n], kept = new float[m * n];
                    Gemm.sgemm(transA, m, a, aOff, lda, panels, false, expected, 0, n, Parallel.of(2));
                    Gemm.sgemmConstantA(transA, m, a, aOff, lda, panels, false, kept, 0, n, Parallel.of(2));
                    assertThat(kept).as("%s transA=%b round %d", java.util.Arrays.toString(s), transA, round)
                            .isEqualTo(expected);
                    float[] oracle = new float[m * n];
                    Gemm.sgemm(transA, false, m, n, k, a, aOff, lda, b, 0, n, false, oracle, 0, n, Parallel.serial());
                    assertThat(kept).as("against the plain product").isEqualTo(oracle);
                    if (round == 1) {
                        a[aOff + 1] += 1f;
                        Gemm.forgetConstant(a);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void keptPackingOfAConstantBGivesTheSameBitsAndIsForgottenOnRequest(boolean vector) {
        System.setProperty(VECTOR_PROPERTY, Boolean.toString(vector));
        Random r = new Random(17);
        // a dense layer's shapes (mnistnet's, at batch 1 and 5), a k beyond one block, a view at an offset
        int[][] shapes = {{1, 128, 9216}, {5, 128, 9216}, {3, 70, Gemm.KC_MAX * 2 + 3}, {9, 33, 40}};
        for (int[] s : shapes) {
            for (boolean transB : new boolean[] {true, false}) {
                int m = s[0], n = s[1], k = s[2], bOff = 3, ldb = (transB ? k : n) + 2;
                float[] a = randomArray(r, m * k), b = randomArray(r, bOff + (transB ? n : k) * ldb);
                for (int round = 0; round < 4; round++) {
                    float[] expected = new float[m * n], kept = new float[m * n];
                    Gemm.sgemm(false, transB, m, n, k, a, 0, k, b, bOff, ldb, false, expected, 0, n,
                            Parallel.of(2));
                    Gemm.sgemmConstantB(false, transB, m, n, k, a, 0, k, b, bOff, ldb, false, kept, 0, n,
                            Parallel.of(2));
                    assertThat(kept).as("%s transB=%b round %d", java.util.Arrays.toString(s), transB, round)
                            .isEqualTo(expected);
                    if (round == 1 || round == 2) {
                        // changed in place and announced, as after each training step: the next product must see
                        // the new values (packed over the old packing)
                        b[bOff + 1 + round] += 1f;
                        Gemm.forgetConstant(b);
                    }
                }
            }
        }
    }

    @Test
    void bitwiseIdenticalForAnyThreadCount() {
        Random r = new Random(3);
        int m = 70, n = 301, k = 530;
        float[] a = randomArray(r, m * k), b = randomArray(r, k * n);
        float[] ref = new float[m * n];
        Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, false, ref, 0, n, Parallel.serial());
        for (int threads = 2; threads <= 4; threads++) {
            for (int repeat = 0; repeat < 2; repeat++) {
                float[] c = new float[m * n];
                Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, false, c, 0, n, Parallel.of(threads));
                assertThat(c).as("%d threads", threads).isEqualTo(ref);
            }
        }
    }

    @Test
    void overwritesNaNWithoutAccumulateAndHandlesEmptyK() {
        float[] a = {1, 2}, b = {3, 4};
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        Gemm.sgemm(false, false, 2, 2, 1, a, 0, 1, b, 0, 2, false, c, 0, 2, Parallel.serial());
        assertThat(c).containsExactly(3, 4, 6, 8);
        Gemm.sgemm(false, false, 2, 2, 0, a, 0, 1, b, 0, 2, true, c, 0, 2, Parallel.serial());
        assertThat(c).containsExactly(3, 4, 6, 8);
        Gemm.sgemm(false, false, 2, 2, 0, a, 0, 1, b, 0, 2, false, c, 0, 2, Parallel.serial());
        assertThat(c).containsExactly(0, 0, 0, 0);
    }

    @Test
    void rejectsMatricesThatDoNotFitTheirArrays() {
        float[] small = new float[5];
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 2, small, 2, 2, small, 0, 2, false,
                new float[4], 0, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matrix A");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 2, small, 0, 2, small, 0, 2, false,
                new float[4], 0, 1)).hasMessageContaining("matrix C");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, -1, 2, 2, small, 0, 2, small, 0, 2, false,
                new float[4], 0, 2)).hasMessageContaining("non-negative");
    }

    /**
     * Starts a JVM without {@code --add-modules jdk.incubator.vector} and checks that {@link GemmFallbackMain}
     * multiplies correctly there on the scalar kernel, without loading any Vector API class.
     */
    @Test
    void worksInAJvmWithoutTheVectorModule() throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xlog:class+load=info",
                "-cp", System.getProperty("java.class.path"), GemmFallbackMain.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains(GemmFallbackMain.SUCCESS + " scalar 4x4")
                .doesNotContain("jdk.incubator.vector").doesNotContain("VectorGemmKernel");
    }
}
