package dev.loupe.features;

import dev.loupe.LoupeException;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Model;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Correspondence analysis (Zeiler &amp; Fergus, ECCV 2014, Sec. 5.1, Table 7): does a network tie together the same
 * object part across images? Mask the same part in every image; for each image i and layer l take the feature change
 * {@code ε_i = x_i − x̃_i}; then {@code Δ_l = Σ_{i≠j} H(sign ε_i, sign ε_j)}, H the Hamming distance, over ordered
 * pairs. A low Δ means the masking changed the features of all images in the same direction. Random boxes of the same
 * size, a different place per image, give the baseline.
 */
public final class Correspondence {
    private Correspondence() {
    }

    /**
     * The score of one layer's feature changes.
     *
     * @param delta      Δ, the sum over ordered pairs of images of the number of elements whose signs differ
     *                   ({@code sign} in {−1, 0, 1})
     * @param normalised Δ divided by the number of ordered pairs and of elements: the mean fraction of sign changes
     */
    public record Score(double delta, double normalised) {
    }

    /**
     * One row of the table per layer.
     *
     * @param layer      the layer
     * @param masked     the score when the same box is masked in every image
     * @param random     the mean over trials of the score with random boxes
     * @param randomStd  the population standard deviation of the normalised random scores over trials
     */
    public record Row(String layer, Score masked, Score random, double randomStd) {
    }

    /**
     * {@code Δ = Σ_{i≠j} H(sign ε_i, sign ε_j)} over the images of {@code differences [N, ...]}.
     *
     * @throws LoupeException for fewer than two images
     */
    public static Score score(Tensor differences) {
        int n = differences.dim(0);
        if (n < 2) {
            throw new LoupeException("correspondence needs at least two images, got " + n);
        }
        int per = differences.size() / n;
        float[] e = differences.data();
        long hamming = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                for (int k = 0; k < per; k++) {
                    if (Math.signum(e[i * per + k]) != Math.signum(e[j * per + k])) {
                        hamming++;
                    }
                }
            }
        }
        double delta = 2.0 * hamming; // ordered pairs: H(i, j) = H(j, i)
        return new Score(delta, delta / ((double) n * (n - 1) * Math.max(1, per)));
    }

    /**
     * Builds the table.
     *
     * @param model        the network
     * @param images       the images {@code [N, C, H, W]} in [0, 1], N ≥ 2 (e.g. five aligned faces or dogs)
     * @param preprocess   what the model expects done to a batch first
     * @param box          the part to mask, the same in every image
     * @param layers       the layers to score
     * @param randomTrials how many sets of random boxes to average, at least 1
     * @param seed         seeds the random boxes
     * @param fill         the value that masks, in the images' [0, 1] scale
     * @param parallel     the threads of the forward passes
     * @throws LoupeException for an unknown layer, a box outside the images or fewer than two images
     */
    public static List<Row> measure(Model model, Tensor images, UnaryOperator<Tensor> preprocess, Box box,
                                    List<String> layers, int randomTrials, long seed, float fill, Parallel parallel) {
        List<String> names = FeatureLayers.require(model, layers);
        int n = images.dim(0), h = images.dim(2), w = images.dim(3);
        box.requireInside(h, w);
        if (n < 2) {
            throw new LoupeException("correspondence needs at least two images, got " + n);
        }
        if (randomTrials < 1) {
            throw new LoupeException("need at least one random trial, got " + randomTrials);
        }
        Model net = FeatureLayers.prefix(model, names);
        ForwardOptions options = ForwardOptions.prediction(parallel);
        Trace original = net.forward(preprocess.apply(images), options);
        List<Box> same = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            same.add(box);
        }
        Score[] masked = scores(net, original, images, same, names, preprocess, fill, options);
        Random random = new Random(seed);
        Score[][] trials = new Score[randomTrials][];
        for (int t = 0; t < randomTrials; t++) {
            List<Box> boxes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                boxes.add(new Box(random.nextInt(h - box.height() + 1), random.nextInt(w - box.width() + 1),
                        box.height(), box.width()));
            }
            trials[t] = scores(net, original, images, boxes, names, preprocess, fill, options);
        }
        List<Row> rows = new ArrayList<>();
        for (int l = 0; l < names.size(); l++) {
            double delta = 0, norm = 0, sq = 0;
            for (Score[] trial : trials) {
                delta += trial[l].delta();
                norm += trial[l].normalised();
                sq += trial[l].normalised() * trial[l].normalised();
            }
            double mean = norm / randomTrials;
            rows.add(new Row(names.get(l), masked[l], new Score(delta / randomTrials, mean),
                    Math.sqrt(Math.max(0, sq / randomTrials - mean * mean))));
        }
        return rows;
    }

    private static Score[] scores(Model net, Trace original, Tensor images, List<Box> boxes, List<String> layers,
                                  UnaryOperator<Tensor> preprocess, float fill, ForwardOptions options) {
        List<Tensor> masked = new ArrayList<>();
        for (int i = 0; i < boxes.size(); i++) {
            masked.add(boxes.get(i).maskImage(images, i, fill));
        }
        Trace t = net.forward(preprocess.apply(Tensor.concat(masked)), options);
        Score[] out = new Score[layers.size()];
        for (int l = 0; l < layers.size(); l++) {
            out[l] = score(original.activation(layers.get(l)).minus(t.activation(layers.get(l))));
        }
        return out;
    }
}
