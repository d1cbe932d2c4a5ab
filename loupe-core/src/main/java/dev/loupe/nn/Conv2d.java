package dev.loupe.nn;

import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Convolution;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * 2-D convolution (cross-correlation, as in PyTorch's {@code nn.Conv2d}) with zero padding.
 *
 * <p>Input {@code [N, C, H, W]}, weight {@code [O, C/groups, kH, kW]}, bias {@code [O]} (optional), output
 * {@code [N, O, H', W']} with {@code H' = floor((H + 2p − d(k − 1) − 1)/s) + 1}.
 *
 * @param geometry kernel, stride, padding, dilation and groups
 * @param weight   the filters
 * @param bias     the bias, or null
 */
public record Conv2d(ConvGeometry geometry, Tensor weight, Tensor bias) implements LinearLayer {
    public Conv2d {
        ConvGeometry g = geometry;
        int[] expected = {g.outChannels(), g.inPerGroup(), g.kernelH(), g.kernelW()};
        if (!Arrays.equals(weight.shape(), expected)) {
            throw new IllegalArgumentException("conv weight must be " + Arrays.toString(expected) + ", got "
                    + weight.shapeString());
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != g.outChannels())) {
            throw new IllegalArgumentException("conv bias must be [" + g.outChannels() + "], got " + bias.shapeString());
        }
    }

    @Override
    public String kind() {
        return "conv2d";
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        int[] in = inputShapes.get(0);
        if (in.length != 3 || in[0] != geometry.inChannels()) {
            throw new IllegalArgumentException(describe() + " needs input [" + geometry.inChannels() + ", H, W], got "
                    + Arrays.toString(in));
        }
        int oh = geometry.outH(in[1]), ow = geometry.outW(in[2]);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(describe() + ": input " + in[1] + "x" + in[2] + " is too small");
        }
        return new int[] {geometry.outChannels(), oh, ow};
    }

    @Override
    public Tensor apply(Tensor a, Tensor w, Tensor b, Parallel parallel) {
        // the layer's own weight never changes in place (optimizers announce their updates), so its packing is kept
        return Convolution.forward(a, w, b, geometry, parallel, w == weight);
    }

    @Override
    public Tensor applyTransposed(Tensor s, Tensor w, int[] inputShape, Parallel parallel) {
        return Convolution.backwardData(s, w, geometry, inputShape[2], inputShape[3], parallel);
    }

    @Override
    public void accumulateParameterGradients(Tensor a, Tensor gradOutput, Tensor gradWeight, Tensor gradBias,
                                             Parallel parallel) {
        Convolution.backwardWeights(a, gradOutput, geometry, gradWeight, gradBias, parallel);
    }

    @Override
    public Tensor accumulateAndApplyTransposed(Tensor a, Tensor gradOutput, Tensor gradWeight, Tensor gradBias,
                                               Parallel parallel) {
        return Convolution.backward(a, gradOutput, weight, geometry, gradWeight, gradBias, parallel);
    }

    @Override
    public Conv2d withParameters(Tensor weight, Tensor bias) {
        return new Conv2d(geometry, weight, bias);
    }

    @Override
    public String describe() {
        ConvGeometry g = geometry;
        StringBuilder b = new StringBuilder("Conv2d(").append(g.inChannels()).append("→").append(g.outChannels())
                .append(", k").append(PoolWindow.pair(g.kernelH(), g.kernelW()));
        if (g.strideH() != 1 || g.strideW() != 1) {
            b.append(", s").append(PoolWindow.pair(g.strideH(), g.strideW()));
        }
        if (g.padH() != 0 || g.padW() != 0) {
            b.append(", p").append(PoolWindow.pair(g.padH(), g.padW()));
        }
        if (g.dilationH() != 1 || g.dilationW() != 1) {
            b.append(", d").append(PoolWindow.pair(g.dilationH(), g.dilationW()));
        }
        if (g.groups() != 1) {
            b.append(", g").append(g.groups());
        }
        return b.append(bias == null ? ", no bias)" : ")").toString();
    }
}
