package dev.loupe.explain.cam;

import dev.loupe.explain.Attribution;
import dev.loupe.explain.Provenance;
import dev.loupe.explain.Target;
import dev.loupe.tensor.Saxpy;
import dev.loupe.tensor.Tensor;
import java.util.Map;

/**
 * The step every CAM method shares once it has its channel weights: the weighted sum of a layer's feature maps
 * (Zhou et al. 2016, Eq. 2; Selvaraju et al. 2017, Eq. 2), resized bilinearly to the input.
 */
final class ChannelWeighting {
    private ChannelWeighting() {
    }

    /**
     * {@code Σ_c weights[i][c] · A[i, c]} per image, optionally rectified: from activations {@code [N, C, h, w]}
     * and weights {@code [N][C]} to {@code [N, 1, h, w]}.
     */
    static Tensor weightedSum(Tensor activation, double[][] weights, boolean relu) {
        int n = activation.dim(0), c = activation.dim(1), area = activation.size() / (n * c);
        Tensor map = Tensor.zeros(n, 1, activation.dim(2), activation.dim(3));
        float[] a = activation.data(), m = map.data();
        // channel by channel over whole maps (sequential reads, one vector multiply-add per lane group); each pixel
        // still sums its channels in order
        for (int i = 0; i < n; i++) {
            int out = i * area;
            for (int ch = 0; ch < c; ch++) {
                Saxpy.INSTANCE.apply(m, out, a, (i * c + ch) * area, area, (float) weights[i][ch]);
            }
            if (relu) {
                for (int p = out; p < out + area; p++) {
                    m[p] = m[p] > 0 ? m[p] : 0f;
                }
            }
        }
        return map;
    }

    /**
     * The attribution of a layer map {@code [N, 1, h, w]}: the map resized to the input's {@code H × W}, with the
     * layer map itself as the extra {@code layer_map}.
     */
    static Attribution attribution(Tensor layerMap, Tensor input, Target target, double[] scores,
                                   Provenance provenance) {
        Tensor map = Interpolation.BILINEAR.resize(layerMap, input.dim(2), input.dim(3));
        return new Attribution(map, target, scores, provenance, Map.of("layer_map", layerMap));
    }
}
