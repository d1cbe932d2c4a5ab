package dev.loupe.features;

import dev.loupe.LoupeException;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters of a convolution, for the first-layer filter mosaic of Zeiler &amp; Fergus (2014, Fig. 6) and their
 * frequency content.
 */
public final class FilterBank {
    private FilterBank() {
    }

    /**
     * The name of the model's first convolution.
     *
     * @throws LoupeException when the model has none
     */
    public static String firstConvolution(Model model) {
        List<String> convs = FeatureLayers.convolutions(model);
        if (convs.isEmpty()) {
            throw new LoupeException("model " + model.architecture() + " has no convolution layer");
        }
        return convs.get(0);
    }

    /**
     * The filters of a convolution node, one {@code [C/groups, kH, kW]} tensor per output channel (copies).
     *
     * @throws LoupeException when the node does not exist or is not a convolution
     */
    public static List<Tensor> filters(Model model, String layer) {
        Node node = model.node(layer);
        if (!(node.layer() instanceof Conv2d conv)) {
            throw new LoupeException("layer " + layer + " is not a convolution; convolutions are: "
                    + String.join(", ", FeatureLayers.convolutions(model)));
        }
        List<Tensor> out = new ArrayList<>();
        for (int o = 0; o < conv.geometry().outChannels(); o++) {
            out.add(conv.weight().item(o).reshape(conv.weight().shape()[1], conv.weight().dim(2),
                    conv.weight().dim(3)));
        }
        return out;
    }

    /**
     * The spectrum of every filter of a convolution, each input channel's slice summed in energy: for a filter
     * {@code [C, kH, kW]} the magnitudes combine as {@code sqrt(Σ_c |F_c|²)} and the band fractions are taken over the
     * summed energy.
     */
    public static List<FilterSpectrum> spectra(Model model, String layer, int size) {
        List<FilterSpectrum> out = new ArrayList<>();
        for (Tensor f : filters(model, layer)) {
            out.add(spectrum(f, size));
        }
        return out;
    }

    /** The spectrum of one filter {@code [C, kH, kW]}, the channels' energies summed. */
    public static FilterSpectrum spectrum(Tensor filter, int size) {
        int c = filter.dim(0), kh = filter.dim(1), kw = filter.dim(2);
        Tensor magnitude = Tensor.zeros(size, size);
        double low = 0, mid = 0, high = 0, energy = 0;
        for (int ch = 0; ch < c; ch++) {
            FilterSpectrum s = FilterSpectrum.of(filter.item(ch).reshape(kh, kw), size);
            low += s.low() * s.energy();
            mid += s.mid() * s.energy();
            high += s.high() * s.energy();
            energy += s.energy();
            float[] m = magnitude.data(), sm = s.magnitude().data();
            for (int i = 0; i < m.length; i++) {
                m[i] += sm[i] * sm[i];
            }
        }
        double norm = energy > 0 ? energy : 1;
        return new FilterSpectrum(magnitude.map(Math::sqrt), low / norm, mid / norm, high / norm, energy);
    }
}
