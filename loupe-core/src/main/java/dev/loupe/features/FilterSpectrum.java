package dev.loupe.features;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;

/**
 * The frequency content of one 2-D filter: the magnitude of its discrete Fourier transform after zero-padding to
 * {@code size × size}, and the fractions of its energy in three radial bands.
 *
 * <p>Bin {@code (u, v)} has the frequency {@code (fu, fv)} with {@code fu = min(u, size − u) / size} cycles per
 * pixel, and the radius {@code r = sqrt(fu² + fv²) / 0.5} relative to the Nyquist frequency. The bands are
 * low {@code r < 1/3}, mid {@code 1/3 ≤ r < 2/3} and high {@code r ≥ 2/3} (the diagonal corners reach √2). Energy is
 * the squared magnitude. Zero-padding samples the filter's continuous spectrum finely, so a small constant filter,
 * whose spectrum is a 2-D sinc, keeps some energy in its side lobes (a 5×5 box: about 81% low, 6% high).
 * Zeiler &amp; Fergus (2014, Sec. 4.1) read such spectra to spot first-layer filters that are all extremely high or
 * low frequency.
 *
 * @param magnitude {@code [size, size]}, the DFT magnitude with the zero frequency at index (0, 0)
 * @param low       energy fraction in the low band
 * @param mid       energy fraction in the mid band
 * @param high      energy fraction in the high band
 * @param energy    the total energy {@code Σ|F|²}, which is {@code size² · Σ w²} by Parseval's theorem
 */
public record FilterSpectrum(Tensor magnitude, double low, double mid, double high, double energy) {
    /** The padded size used when none is given. */
    public static final int DEFAULT_SIZE = 16;

    /**
     * The spectrum of a filter {@code [kH, kW]} zero-padded to {@code size × size}.
     *
     * @throws LoupeException when the filter is larger than the padded size
     */
    public static FilterSpectrum of(Tensor filter, int size) {
        if (filter.rank() != 2) {
            throw new IllegalArgumentException("a filter must be [kH, kW], got " + filter.shapeString());
        }
        int kh = filter.dim(0), kw = filter.dim(1);
        if (kh > size || kw > size) {
            throw new LoupeException("a " + kh + "x" + kw + " filter does not fit a " + size + "x" + size + " DFT");
        }
        float[] w = filter.data();
        Tensor magnitude = Tensor.zeros(size, size);
        double[] bands = new double[3];
        double total = 0;
        for (int u = 0; u < size; u++) {
            for (int v = 0; v < size; v++) {
                double re = 0, im = 0;
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        double angle = -2 * Math.PI * ((double) u * y / size + (double) v * x / size);
                        re += w[y * kw + x] * Math.cos(angle);
                        im += w[y * kw + x] * Math.sin(angle);
                    }
                }
                double e = re * re + im * im;
                magnitude.data()[u * size + v] = (float) Math.sqrt(e);
                double fu = Math.min(u, size - u) / (double) size, fv = Math.min(v, size - v) / (double) size;
                double r = Math.sqrt(fu * fu + fv * fv) / 0.5;
                bands[r < 1.0 / 3 ? 0 : r < 2.0 / 3 ? 1 : 2] += e;
                total += e;
            }
        }
        double norm = total > 0 ? total : 1;
        return new FilterSpectrum(magnitude, bands[0] / norm, bands[1] / norm, bands[2] / norm, total);
    }
}
