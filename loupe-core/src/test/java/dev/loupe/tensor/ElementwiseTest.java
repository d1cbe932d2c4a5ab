package dev.loupe.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The branch-free masks against the plain comparisons, bit for bit, on every special float. */
class ElementwiseTest {
    private static final float[] SPECIAL = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1f, -1f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0xffc00000), Float.intBitsToFloat(0x7f800001), Float.intBitsToFloat(0xff800001)};

    /** Every pair of special values, then a large random tensor that is split over threads. */
    private static float[][] gatesAndSignals() {
        int pairs = SPECIAL.length * SPECIAL.length, random = 200_000;
        float[] gate = new float[pairs + random], signal = new float[pairs + random];
        for (int i = 0; i < pairs; i++) {
            gate[i] = SPECIAL[i / SPECIAL.length];
            signal[i] = SPECIAL[i % SPECIAL.length];
        }
        Random r = new Random(3);
        for (int i = pairs; i < gate.length; i++) {
            gate[i] = (float) r.nextGaussian();
            signal[i] = (float) r.nextGaussian();
        }
        return new float[][] {gate, signal};
    }

    @Test
    void rectifierGradientEqualsTheComparisonBitForBit() {
        float[][] gs = gatesAndSignals();
        float[] gate = gs[0], signal = gs[1];
        float[] out = Elementwise.passWherePositive(Tensor.wrap(gate, gate.length), Tensor.wrap(signal, signal.length),
                Parallel.of(2)).data();
        for (int i = 0; i < gate.length; i++) {
            float expected = gate[i] > 0f ? signal[i] : 0f;
            assertThat(Float.floatToRawIntBits(out[i])).as("gate %s, signal %s", gate[i], signal[i])
                    .isEqualTo(Float.floatToRawIntBits(expected));
        }
    }

    @Test
    void guidedRectifierEqualsTheComparisonBitForBit() {
        float[][] gs = gatesAndSignals();
        float[] gate = gs[0], signal = gs[1];
        float[] out = Elementwise.passWhereBothPositive(Tensor.wrap(gate, gate.length),
                Tensor.wrap(signal, signal.length), Parallel.of(2)).data();
        for (int i = 0; i < gate.length; i++) {
            float expected = gate[i] > 0f && signal[i] > 0f ? signal[i] : 0f;
            assertThat(Float.floatToRawIntBits(out[i])).as("gate %s, signal %s", gate[i], signal[i])
                    .isEqualTo(Float.floatToRawIntBits(expected));
        }
    }

    /** The plain-Java kernel too, whichever one {@link Elementwise} picked on this machine. */
    @Test
    void bothKernelsEqualTheComparisonsBitForBit() {
        float[][] gs = gatesAndSignals();
        float[] gate = gs[0], signal = gs[1];
        for (RectifierKernel kernel : new RectifierKernel[] {new RectifierKernel.Scalar(), RectifierKernel.INSTANCE}) {
            float[] plain = new float[gate.length], guided = new float[gate.length], relu = new float[gate.length];
            // an odd range, so that vector kernels run their tail too
            kernel.gated(gate, signal, plain, 1, gate.length - 2, false);
            kernel.gated(gate, signal, guided, 1, gate.length - 2, true);
            kernel.positivePart(gate, relu, 1, gate.length - 2);
            for (int i = 1; i < gate.length - 2; i++) {
                String what = kernel.getClass().getSimpleName() + " gate " + gate[i] + ", signal " + signal[i];
                assertThat(Float.floatToRawIntBits(plain[i])).as(what)
                        .isEqualTo(Float.floatToRawIntBits(gate[i] > 0f ? signal[i] : 0f));
                assertThat(Float.floatToRawIntBits(guided[i])).as(what)
                        .isEqualTo(Float.floatToRawIntBits(gate[i] > 0f && signal[i] > 0f ? signal[i] : 0f));
                // Math.max picks either NaN of two; compare NaN-ness, not payload
                assertThat(Float.floatToIntBits(relu[i])).as(what)
                        .isEqualTo(Float.floatToIntBits(Math.max(gate[i], 0f)));
            }
        }
    }

    @Test
    void positivePartKeepsShapeAndNaN() {
        Tensor x = Tensor.of(new float[] {-2f, 0f, 3f, Float.NaN, -0f, 5f}, 1, 2, 3);
        Tensor y = Elementwise.positivePart(x, Parallel.serial());
        assertThat(y.shape()).containsExactly(1, 2, 3);
        assertThat(y.data()).containsExactly(0f, 0f, 3f, Float.NaN, 0f, 5f);
        assertThat(x.data()[0]).isEqualTo(-2f);
    }

    @Test
    void serialAndParallelAgree() {
        float[][] gs = gatesAndSignals();
        Tensor gate = Tensor.wrap(gs[0], gs[0].length), signal = Tensor.wrap(gs[1], gs[1].length);
        assertThat(Elementwise.passWherePositive(gate, signal, Parallel.of(2)).data())
                .containsExactly(Elementwise.passWherePositive(gate, signal, Parallel.serial()).data());
    }

    @Test
    void mismatchedSizesAreRejected() {
        assertThatThrownBy(() -> Elementwise.passWherePositive(Tensor.zeros(2, 3), Tensor.zeros(5), Parallel.serial()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in size");
    }
}
