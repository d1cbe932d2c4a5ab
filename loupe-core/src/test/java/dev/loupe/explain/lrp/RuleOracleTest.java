package dev.loupe.explain.lrp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Linear;
import dev.loupe.nn.LinearLayer;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A dense-matrix oracle for every rule (after Zennit's {@code tests/test_rules.py}): each layer is written as an
 * explicit matrix {@code M} (a convolution is unfolded into its {@code [O·H'·W', C·H·W]} matrix here, independently
 * of the im2col kernels), and each rule's relevance is computed in double with plain loops from the formulas of the
 * reference README ({@code z(x, V, c) = V x + c}, {@code J(V)ᵀ s = Vᵀ s}). The grouped convolution covers the rules'
 * unfused path (the others run the fused, widened one). Inputs have both signs so the a⁻ terms
 * are exercised; a second input is non-negative to exercise the rules' a⁺-only shortcut.
 */
class RuleOracleTest {
    private static final double STAB = 1e-6;
    private static final Random RANDOM = new Random(11);

    /** One layer as an explicit matrix with weight and bias transforms applied before unfolding. */
    private record Dense(LinearLayer layer, int[] inShape, int outSize) {
        int inSize() {
            int s = 1;
            for (int i = 1; i < inShape.length; i++) {
                s *= inShape[i];
            }
            return s;
        }

        /** The matrix of the layer with every weight replaced by {@code f(w)}. */
        double[][] matrix(DoubleUnaryOperator f) {
            float[] w = layer.weight().data();
            double[][] m = new double[outSize][inSize()];
            if (layer instanceof Linear) {
                for (int j = 0; j < outSize; j++) {
                    for (int i = 0; i < inSize(); i++) {
                        m[j][i] = f.applyAsDouble(w[j * inSize() + i]);
                    }
                }
                return m;
            }
            ConvGeometry g = ((Conv2d) layer).geometry();
            int h = inShape[2], wd = inShape[3], oh = g.outH(h), ow = g.outW(wd);
            for (int o = 0; o < g.outChannels(); o++) {
                for (int y = 0; y < oh; y++) {
                    for (int x = 0; x < ow; x++) {
                        int row = (o * oh + y) * ow + x;
                        int group = o / g.outPerGroup();
                        for (int cg = 0; cg < g.inPerGroup(); cg++) {
                            int c = group * g.inPerGroup() + cg;
                            for (int ky = 0; ky < g.kernelH(); ky++) {
                                for (int kx = 0; kx < g.kernelW(); kx++) {
                                    int iy = y * g.strideH() - g.padH() + ky * g.dilationH();
                                    int ix = x * g.strideW() - g.padW() + kx * g.dilationW();
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        float v = w[((o * g.inPerGroup() + cg) * g.kernelH() + ky) * g.kernelW() + kx];
                                        m[row][(c * h + iy) * wd + ix] += f.applyAsDouble(v);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return m;
        }

        /** The bias of every output row with {@code f} applied (0 when the layer has none). */
        double[] bias(DoubleUnaryOperator f) {
            double[] b = new double[outSize];
            if (layer.bias() == null) {
                return b;
            }
            int per = outSize / layer.bias().size();
            for (int j = 0; j < outSize; j++) {
                b[j] = f.applyAsDouble(layer.bias().data()[j / per]);
            }
            return b;
        }
    }

    /** A rule's formula on one image: input a, output relevance r, returns the input relevance. */
    @FunctionalInterface
    private interface Oracle {
        double[] relevance(Dense d, double[] a, double[] r);
    }

    private static final DoubleUnaryOperator ID = v -> v, POS = v -> Math.max(v, 0), NEG = v -> Math.min(v, 0),
            ZERO = v -> 0, ONE = v -> 1, SQUARE = v -> v * v;

    static double stab(double z, double e) {
        return z + e * (z >= 0 ? 1 : -1);
    }

    static double[] map(double[] v, DoubleUnaryOperator f) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            o[i] = f.applyAsDouble(v[i]);
        }
        return o;
    }

    /** {@code V x + c}. */
    static double[] z(double[][] v, double[] x, double[] c) {
        double[] out = c.clone();
        for (int j = 0; j < v.length; j++) {
            for (int i = 0; i < x.length; i++) {
                out[j] += v[j][i] * x[i];
            }
        }
        return out;
    }

    /** {@code Vᵀ s}. */
    static double[] jt(double[][] v, double[] s) {
        double[] out = new double[v[0].length];
        for (int j = 0; j < v.length; j++) {
            for (int i = 0; i < out.length; i++) {
                out[i] += v[j][i] * s[j];
            }
        }
        return out;
    }

    static double[] plus(double[] x, double[] y) {
        double[] o = x.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] += y[i];
        }
        return o;
    }

    static double[] times(double[] x, double[] y) {
        double[] o = x.clone();
        for (int i = 0; i < o.length; i++) {
            o[i] *= y[i];
        }
        return o;
    }

    static double[] scale(double[] x, double k) {
        return map(x, v -> v * k);
    }

    /** {@code R / stab(den)}, or 0 where {@code mask} is false. */
    static double[] ratio(double[] r, double[] den, double e) {
        double[] s = new double[r.length];
        for (int j = 0; j < r.length; j++) {
            s[j] = r[j] / stab(den[j], e);
        }
        return s;
    }

    static double[] epsilon(Dense d, double[] a, double[] r, double e) {
        double[][] m = d.matrix(ID);
        double[] s = ratio(r, z(m, a, d.bias(ID)), e);
        return times(a, jt(m, s));
    }

    static double[] gamma(Dense d, double[] a, double[] r, double g) {
        double[][] wp = d.matrix(v -> v + g * Math.max(v, 0)), wn = d.matrix(v -> v + g * Math.min(v, 0));
        double[] bp = d.bias(v -> v + g * Math.max(v, 0)), bn = d.bias(v -> v + g * Math.min(v, 0));
        double[] ap = map(a, POS), an = map(a, NEG), zo = z(d.matrix(ID), a, d.bias(ID));
        double[] sp = ratio(r, plus(z(wp, ap, bp), z(wn, an, d.bias(ZERO))), STAB);
        double[] sn = ratio(r, plus(z(wn, ap, bn), z(wp, an, d.bias(ZERO))), STAB);
        for (int j = 0; j < r.length; j++) {
            sp[j] = zo[j] > 0 ? sp[j] : 0;
            sn[j] = zo[j] < 0 ? sn[j] : 0;
        }
        return plus(plus(times(ap, jt(wp, sp)), times(an, jt(wn, sp))),
                plus(times(ap, jt(wn, sn)), times(an, jt(wp, sn))));
    }

    static double[] alphaBeta(Dense d, double[] a, double[] r, double alpha, double beta) {
        double[][] wp = d.matrix(POS), wn = d.matrix(NEG);
        double[] ap = map(a, POS), an = map(a, NEG);
        double[] sp = ratio(r, plus(z(wp, ap, d.bias(POS)), z(wn, an, d.bias(ZERO))), STAB);
        double[] sn = ratio(r, plus(z(wn, ap, d.bias(NEG)), z(wp, an, d.bias(ZERO))), STAB);
        double[] positive = plus(times(ap, jt(wp, sp)), times(an, jt(wn, sp)));
        double[] negative = plus(times(ap, jt(wn, sn)), times(an, jt(wp, sn)));
        return plus(scale(positive, alpha), scale(negative, -beta));
    }

    static double[] zBox(Dense d, double[] a, double[] r, double low, double high) {
        double[][] m = d.matrix(ID), wp = d.matrix(POS), wn = d.matrix(NEG);
        double[] l = map(a, v -> low), h = map(a, v -> high);
        double[] den = z(m, a, d.bias(ID));
        double[] zl = z(wp, l, d.bias(POS)), zh = z(wn, h, d.bias(NEG));
        for (int j = 0; j < den.length; j++) {
            den[j] -= zl[j] + zh[j];
        }
        double[] s = ratio(r, den, STAB);
        return plus(times(a, jt(m, s)), scale(plus(times(l, jt(wp, s)), times(h, jt(wn, s))), -1));
    }

    /** ZBox with per-channel bounds: input element i of a conv lies in channel i / area. */
    static double[] zBoxPerChannel(Dense d, double[] a, double[] r, double[] low, double[] high) {
        int area = a.length / low.length;
        double[][] m = d.matrix(ID), wp = d.matrix(POS), wn = d.matrix(NEG);
        double[] l = new double[a.length], h = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            l[i] = low[i / area];
            h[i] = high[i / area];
        }
        double[] den = z(m, a, d.bias(ID));
        double[] zl = z(wp, l, d.bias(POS)), zh = z(wn, h, d.bias(NEG));
        for (int j = 0; j < den.length; j++) {
            den[j] -= zl[j] + zh[j];
        }
        double[] s = ratio(r, den, STAB);
        return plus(times(a, jt(m, s)), scale(plus(times(l, jt(wp, s)), times(h, jt(wn, s))), -1));
    }

    static double[] spread(Dense d, double[] a, double[] r, DoubleUnaryOperator w, DoubleUnaryOperator b) {
        double[][] v = d.matrix(w);
        double[] s = ratio(r, z(v, map(a, ONE), d.bias(b)), STAB);
        return jt(v, s);
    }

    static Stream<Arguments> cases() {
        List<Object[]> rules = List.of(
                new Object[] {new ZRule(), (Oracle) (d, a, r) -> epsilon(d, a, r, 0)},
                new Object[] {new Epsilon(0.1), (Oracle) (d, a, r) -> epsilon(d, a, r, 0.1)},
                new Object[] {new Epsilon(1e-6), (Oracle) (d, a, r) -> epsilon(d, a, r, 1e-6)},
                new Object[] {new ZPlus(STAB), (Oracle) (d, a, r) -> alphaBeta(d, a, r, 1, 0)},
                new Object[] {new Gamma(0.25, STAB), (Oracle) (d, a, r) -> gamma(d, a, r, 0.25)},
                new Object[] {new Gamma(1.5, STAB), (Oracle) (d, a, r) -> gamma(d, a, r, 1.5)},
                new Object[] {new AlphaBeta(2, 1, STAB), (Oracle) (d, a, r) -> alphaBeta(d, a, r, 2, 1)},
                new Object[] {new AlphaBeta(1, 0, STAB), (Oracle) (d, a, r) -> alphaBeta(d, a, r, 1, 0)},
                new Object[] {new ZBox(-1.5, 2.0), (Oracle) (d, a, r) -> zBox(d, a, r, -1.5, 2.0)},
                new Object[] {new Flat(STAB), (Oracle) (d, a, r) -> spread(d, a, r, ONE, ZERO)},
                new Object[] {new WSquare(STAB), (Oracle) (d, a, r) -> spread(d, a, r, SQUARE, SQUARE)});
        List<String> layers = List.of("dense", "conv", "conv-strided-padded", "conv-no-bias",
                "conv-grouped");
        return rules.stream().flatMap(rule -> layers.stream().flatMap(layer -> Stream.of(
                Arguments.of(rule[0].toString(), layer, "mixed-sign input", rule[0], rule[1]),
                Arguments.of(rule[0].toString(), layer, "non-negative input", rule[0], rule[1]))));
    }

    private static Dense layer(String kind, Random random) {
        return switch (kind) {
            case "dense" -> new Dense(new Linear(Tensor.randn(random, 1f, 5, 7), Tensor.randn(random, 0.5f, 5)),
                    new int[] {2, 7}, 5);
            case "conv" -> new Dense(new Conv2d(ConvGeometry.square(2, 3, 3, 1, 0),
                    Tensor.randn(random, 1f, 3, 2, 3, 3), Tensor.randn(random, 0.5f, 3)), new int[] {2, 2, 5, 5},
                    3 * 3 * 3);
            case "conv-strided-padded" -> new Dense(new Conv2d(ConvGeometry.square(2, 3, 3, 2, 1),
                    Tensor.randn(random, 1f, 3, 2, 3, 3), Tensor.randn(random, 0.5f, 3)), new int[] {2, 2, 6, 6},
                    3 * 3 * 3);
            case "conv-grouped" -> new Dense(new Conv2d(new ConvGeometry(4, 6, 3, 2, 1, 1, 1, 0, 1, 1, 2),
                    Tensor.randn(random, 1f, 6, 2, 3, 2), Tensor.randn(random, 0.5f, 6)), new int[] {2, 4, 4, 4},
                    6 * 4 * 3);
            default -> new Dense(new Conv2d(ConvGeometry.square(2, 4, 2, 1, 0), Tensor.randn(random, 1f, 4, 2, 2, 2),
                    null), new int[] {2, 2, 4, 4}, 4 * 3 * 3);
        };
    }

    @org.junit.jupiter.api.Test
    void zBoxTakesPerChannelBounds() {
        double[] low = {-1, -0.5}, high = {0.5, 2};
        ruleMatchesDenseMatrixFormula("ZBox per channel", "conv-strided-padded", "mixed-sign input",
                new ZBox(low, high, STAB), (d, a, r) -> zBoxPerChannel(d, a, r, low, high));
        ruleMatchesDenseMatrixFormula("ZBox per channel", "conv-grouped", "mixed-sign input",
                new ZBox(new double[] {-1, -2, -3, -4}, new double[] {1, 2, 3, 4}, STAB),
                (d, a, r) -> zBoxPerChannel(d, a, r, new double[] {-1, -2, -3, -4}, new double[] {1, 2, 3, 4}));
    }

    @ParameterizedTest(name = "{0} on {1}, {2}")
    @MethodSource("cases")
    void ruleMatchesDenseMatrixFormula(String ruleName, String kind, String inputKind, LinearRule rule,
                                       Oracle oracle) {
        Random random = new Random(kind.hashCode() * 31L + inputKind.hashCode());
        Dense d = layer(kind, random);
        Tensor a = Tensor.randn(random, 1f, d.inShape());
        if (inputKind.startsWith("non-negative")) {
            a = Relevance.positive(a);
        }
        Tensor z = d.layer().apply(a, d.layer().weight(), d.layer().bias(), Parallel.serial());
        Tensor r = Tensor.randn(random, 1f, z.shape());
        Tensor actual = rule.relevance(d.layer(), a, z, r, Parallel.serial());
        assertThat(actual.shape()).containsExactly(a.shape());

        int n = a.dim(0), in = d.inSize(), out = d.outSize();
        double max = 0;
        double[][] expected = new double[n][];
        for (int img = 0; img < n; img++) {
            double[] ai = new double[in], ri = new double[out];
            for (int i = 0; i < in; i++) {
                ai[i] = a.data()[img * in + i];
            }
            for (int j = 0; j < out; j++) {
                ri[j] = r.data()[img * out + j];
            }
            expected[img] = oracle.relevance(d, ai, ri);
            for (double v : expected[img]) {
                max = Math.max(max, Math.abs(v));
            }
        }
        assertThat(max).as("oracle is not trivially zero").isGreaterThan(1e-3);
        for (int img = 0; img < n; img++) {
            for (int i = 0; i < in; i++) {
                double e = expected[img][i], got = actual.data()[img * in + i];
                assertThat(Math.abs(got - e)).as("%s %s %s: image %d input %d, got %s expected %s", ruleName, kind,
                        inputKind, img, i, got, e).isLessThanOrEqualTo(1e-5 * max + 1e-5 * Math.abs(e));
            }
        }
    }
}
