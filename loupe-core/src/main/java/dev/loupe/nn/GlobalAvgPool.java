package dev.loupe.nn;

import dev.loupe.tensor.Tensor;
import java.util.List;

/** Mean over rows and columns: {@code [N, C, H, W] → [N, C, 1, 1]}, as {@code nn.AdaptiveAvgPool2d(1)}. */
public record GlobalAvgPool() implements Pooling {
    @Override
    public String kind() {
        return "globalavgpool";
    }

    @Override
    public int[] outputShape(List<int[]> inputShapes) {
        int[] in = inputShapes.get(0);
        if (in.length != 3) {
            throw new IllegalArgumentException("GlobalAvgPool needs [C, H, W], got " + java.util.Arrays.toString(in));
        }
        return new int[] {in[0], 1, 1};
    }

    @Override
    public LayerOutput forward(List<Tensor> inputs, ForwardOptions options) {
        Tensor x = inputs.get(0);
        int planes = x.dim(0) * x.dim(1), area = x.dim(2) * x.dim(3);
        Tensor y = Tensor.zeros(x.dim(0), x.dim(1), 1, 1);
        float[] xd = x.data(), yd = y.data();
        for (int p = 0; p < planes; p++) {
            float s = 0;
            for (int i = p * area; i < (p + 1) * area; i++) {
                s += xd[i];
            }
            yd[p] = s / area;
        }
        return LayerOutput.of(y);
    }

    @Override
    public List<Tensor> backward(Step step, Tensor gradOutput) {
        Tensor x = step.input();
        int planes = x.dim(0) * x.dim(1), area = x.dim(2) * x.dim(3);
        Tensor gx = Tensor.zeros(x.shape());
        float[] g = gradOutput.data(), d = gx.data();
        for (int p = 0; p < planes; p++) {
            java.util.Arrays.fill(d, p * area, (p + 1) * area, g[p] / area);
        }
        return List.of(gx);
    }

    @Override
    public String describe() {
        return "GlobalAvgPool";
    }
}
