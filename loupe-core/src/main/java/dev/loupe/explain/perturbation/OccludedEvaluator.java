package dev.loupe.explain.perturbation;

import dev.loupe.LoupeException;
import dev.loupe.nn.AvgPool2d;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Dropout;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.ForwardOptions;
import dev.loupe.nn.Layer;
import dev.loupe.nn.Linear;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import dev.loupe.nn.PoolWindow;
import dev.loupe.nn.ReLU;
import dev.loupe.nn.Trace;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Parallel;
import dev.loupe.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Runs a model on many occluded copies of a batch of images, in large batches, without recomputing what the
 * occluder cannot change.
 *
 * <p>The unoccluded forward pass is computed once. Through the longest prefix of the graph that is a chain of
 * convolutions, ReLUs, inference-mode batch norms, max/average pools (and a dense layer right after a flatten),
 * only the region of each activation inside the occluder's receptive field is recomputed ({@link Rects}):
 * convolutions from the change of their input where that is small (they are linear) and otherwise on the region
 * they change, that dense layer from the change of its input, pools from the region they read, elementwise layers
 * on the region itself. The prefix stops where the region would cover a whole map, or at
 * the first layer that is not of these kinds or whose output feeds more than one layer (a residual branch). Its
 * last activation is then assembled for every occluded image and the rest of the graph runs batched, exactly as in
 * a forward pass. With {@code incremental} false, the prefix is empty: every occluded image runs through the whole
 * model (the brute-force path).
 */
public final class OccludedEvaluator {
    /**
     * How many times more a scattered multiply-add costs than one of a dense product over the outputs the change
     * reaches. Measured on seednet and mnistnet under 4×4 and 6×6 windows: recomputing both convolutions on their
     * reached regions ran 10–20% faster than scattering the changes whenever a rule of 4 against the whole map had
     * chosen scattering; a single pixel's change, reaching {@code kH·kW} outputs, is still scattered.
     */
    private static final long SCATTER_COST = 8;
    /** Largest share of a convolution's output map, in percent, that is recomputed rather than computed whole. */
    private static final long RECOMPUTE_SHARE_PERCENT = 75;
    /** Evaluation batches per thread at least, so that groups of unequal sizes still keep every thread busy. */
    private static final int BATCHES_PER_THREAD = 2;

    /**
     * The transposed weights of each model's convolutions and dense layers, kept while the model lives: a model's
     * parameters never change once it is handed out (see {@link Model#digest()}), and transposing a large dense
     * layer costs more than occluding a small image.
     */
    private static final Map<Model, Map<Layer, float[]>> REARRANGED = Collections.synchronizedMap(new WeakHashMap<>());

    /** The assembled activations at the end of the prefix ({@link #assemble}). */
    private static final ThreadBuffers ASSEMBLED = new ThreadBuffers();

    private final Model model;
    private final Parallel parallel;
    private final int batchSize;
    private final boolean incremental;

    /**
     * @param model       the model (never modified)
     * @param parallel    threads
     * @param batchSize   occluded images per batched evaluation (≥ 1)
     * @param incremental whether to recompute only the changed regions of the first layers
     */
    public OccludedEvaluator(Model model, Parallel parallel, int batchSize, boolean incremental) {
        if (batchSize < 1) {
            throw new LoupeException("occlusion batch size must be at least 1, got " + batchSize);
        }
        this.model = model;
        this.parallel = parallel;
        this.batchSize = batchSize;
        this.incremental = incremental;
    }

    /**
     * The model outputs for every image of the traced batch under every occluder window.
     *
     * @param base    the inference-mode trace of the unoccluded batch {@code [N, C, H, W]}
     * @param fill    replacement images {@code [N, C, H, W]}, copied into each window
     * @param windows the P occluder placements
     * @return {@code [N·P, K]}; row {@code i·P + p} is image i occluded by window p
     */
    public Tensor evaluate(Trace base, Tensor fill, List<Window> windows) {
        if (base.model() != model || base.options().training()) {
            throw new IllegalArgumentException("the base trace must be an inference-mode pass of this model");
        }
        Tensor input = base.input();
        if (!fill.sameShape(input)) {
            throw new LoupeException("occlusion fill of shape " + fill.shapeString() + " does not match the input "
                    + input.shapeString());
        }
        int[] shape = model.inputShape();
        for (Window w : windows) {
            if (!w.fits(shape[0], shape[1], shape[2])) {
                throw new LoupeException("occluder window " + w + " does not fit the " + Arrays.toString(shape)
                        + " image");
            }
        }
        int n = input.dim(0), p = windows.size(), k = model.outputSize();
        Tensor result = Tensor.zeros(n * p, k);
        Map<Layer, float[]> weights = rearrangedWeights(model);
        // One job per evaluation batch of every group, run side by side: a small image gives many small batches,
        // and one parallel loop over them costs far fewer thread hand-offs than a parallel loop inside each.
        List<Job> jobs = new ArrayList<>();
        int batch = Math.max(1, Math.min(batchSize, n * p / (BATCHES_PER_THREAD * parallel.threads())));
        List<List<Integer>> groups = groups(windows);
        List<List<Window>> subs = groups.stream().map(g -> g.stream().map(windows::get).toList()).toList();
        Plan[] plans = new Plan[groups.size()];
        parallel.forEach(groups.size(), i -> plans[i] = plan(base, subs.get(i), weights));
        for (int i = 0; i < groups.size(); i++) {
            List<Window> sub = subs.get(i);
            for (int start = 0, total = n * sub.size(); start < total; start += batch) {
                jobs.add(new Job(plans[i], groups.get(i), sub, start, Math.min(batch, total - start)));
            }
        }
        Parallel inner = jobs.size() >= parallel.threads() ? Parallel.serial() : parallel;
        parallel.forEachBalanced(jobs.size(), j -> run(jobs.get(j), base, fill, p, result, inner));
        return result;
    }

    /** Occlusions {@code [start, start+size)} of a group (occlusion i is image i / q under window i % q). */
    private record Job(Plan plan, List<Integer> group, List<Window> windows, int start, int size) {
    }

    /** Evaluates one job into its rows of {@code result} {@code [N·P, K]}. */
    private void run(Job job, Trace base, Tensor fill, int p, Tensor result, Parallel threads) {
        int q = job.windows().size(), k = model.outputSize();
        int[] image = new int[job.size()], window = new int[job.size()];
        for (int b = 0; b < job.size(); b++) {
            image[b] = (job.start() + b) / q;
            window[b] = (job.start() + b) % q;
        }
        Plan plan = job.plan();
        PatchStage.Batch batch = new PatchStage.Batch(image, window, threads);
        Tensor patch = occludedPatches(base.input(), fill, job.windows(), plan.inputRects, batch);
        Rects rects = plan.inputRects;
        for (PatchStage stage : plan.stages) {
            patch = stage.run(patch, batch);
            rects = stage.outRects();
        }
        Tensor cut = rects == null ? patch : assemble(base.activation(plan.cutName()), patch, rects, batch);
        float[] out = runSuffix(plan.cutIndex, cut, threads).data();
        for (int b = 0; b < job.size(); b++) {
            System.arraycopy(out, b * k, result.data(), (image[b] * p + job.group().get(window[b])) * k, k);
        }
    }

    /**
     * Windows whose changed regions have nearly the same size at every layer of the prefix (those away from the
     * borders, say, and those clipped by the same border): each group shares one patch size, the largest of its
     * windows, so no group pays for the largest region of another. Sizes count as equal when they round up to the
     * same even number: behind a 2×2 pooling, windows at odd and even offsets alternate between regions one row or
     * column apart, and keeping them apart halved the groups, whose small batches then cost more than the extra
     * row (seednet: 10% slower under 4×4 windows with stride 2, 2% under 6×6 with stride 1). Without incremental
     * evaluation there is one group.
     */
    private List<List<Integer>> groups(List<Window> windows) {
        String[] keys = new String[windows.size()];
        if (incremental) {
            parallel.forEach(windows.size(), i -> keys[i] = signature(windows.get(i)));
        }
        Map<String, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < windows.size(); i++) {
            bySize.computeIfAbsent(incremental ? keys[i] : "", x -> new ArrayList<>()).add(i);
        }
        return new ArrayList<>(bySize.values());
    }

    private static Map<Layer, float[]> rearrangedWeights(Model model) {
        return REARRANGED.computeIfAbsent(model, m -> Collections.synchronizedMap(new IdentityHashMap<>()));
    }

    /** The name of the last node evaluated incrementally for these windows, or {@link Model#INPUT}. */
    public String incrementalPrefixEnd(Trace base, List<Window> windows) {
        return plan(base, windows, rearrangedWeights(model)).cutName();
    }

    /** The incremental prefix: its stages, the node they end at and the occluder rectangles at the input. */
    private record Plan(List<PatchStage> stages, int cutIndex, Rects inputRects, Model model) {
        String cutName() {
            return cutIndex < 0 ? Model.INPUT : model.nodes().get(cutIndex).name();
        }
    }

    /**
     * One layer of the incremental prefix, before its stage is built.
     *
     * @param node index of the layer's node (for a flatten followed by a dense layer, the flatten's)
     * @param in   rectangles of the changed region of its input
     * @param out  those of its output; {@code null} for a flatten and dense pair, whose output is whole
     * @param scatter for a convolution, whether its change is scattered ({@link #worthScattering}) rather than
     *                recomputed on {@code out}
     */
    private record Step(int node, Rects in, Rects out, boolean scatter) {
    }

    /** The layers that can be evaluated incrementally for these windows, found from the shapes alone. */
    private List<Step> prefix(Rects inputRects) {
        List<Step> steps = new ArrayList<>();
        List<Node> nodes = model.nodes();
        String prev = Model.INPUT;
        int[] prevShape = model.inputShape();
        Rects rects = inputRects;
        for (int i = 0; incremental && i < nodes.size(); i++) {
            Node node = nodes.get(i);
            if (!node.inputs().equals(List.of(prev)) || model.consumersOf(prev).size() != 1 || prevShape.length != 3
                    || rects.covers(prevShape[1], prevShape[2])) {
                break;
            }
            Layer layer = node.layer();
            int[] outShape = model.shapeOf(node.name());
            Rects out = null;
            boolean scatter = false;
            if (layer instanceof Conv2d conv) {
                ConvGeometry g = conv.geometry();
                Rects reached = rects.through(g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(), g.padW(),
                        g.dilationH(), g.dilationW(), outShape[1], outShape[2]);
                scatter = worthScattering(rects, reached);
                if (scatter || worthRecomputing(reached, outShape)) {
                    out = reached;
                }
            } else if (layer instanceof ReLU || layer instanceof BatchNorm2d || layer instanceof Dropout) {
                out = rects;
            } else if (layer instanceof MaxPool2d || layer instanceof AvgPool2d ap && plainAverage(ap.window())) {
                PoolWindow w = layer instanceof MaxPool2d mp ? mp.window() : ((AvgPool2d) layer).window();
                out = rects.through(w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.padH(), w.padW(),
                        w.dilationH(), w.dilationW(), outShape[1], outShape[2]);
            } else if (layer instanceof Flatten && i + 1 < nodes.size()
                    && nodes.get(i + 1).layer() instanceof Linear
                    && nodes.get(i + 1).inputs().equals(List.of(node.name()))
                    && model.consumersOf(node.name()).size() == 1
                    && 2L * rects.h() * rects.w() <= (long) prevShape[1] * prevShape[2]) {
                steps.add(new Step(i, rects, null, false));
                break;
            }
            if (out == null) {
                break;
            }
            steps.add(new Step(i, rects, out, scatter));
            prev = node.name();
            prevShape = outShape;
            rects = out;
        }
        return steps;
    }

    /** The prefix for these windows; {@code weights} caches the rearranged weights of convolutions and dense layers. */
    private Plan plan(Trace base, List<Window> windows, Map<Layer, float[]> weights) {
        int[] shape = model.inputShape();
        Rects inputRects = Rects.ofWindows(windows, shape[1], shape[2]);
        List<PatchStage> stages = new ArrayList<>();
        int cut = -1;
        for (Step step : prefix(inputRects)) {
            Node node = model.nodes().get(step.node());
            Tensor baseIn = base.activation(node.inputs().get(0));
            Tensor baseOut = base.activation(step.node());
            Layer layer = node.layer();
            if (step.out() == null) {
                Linear linear = (Linear) model.nodes().get(step.node() + 1).layer();
                stages.add(PatchStage.FlattenLinear.of(linear, baseIn, base.activation(step.node() + 1), step.in(),
                        weights));
                cut = step.node() + 1;
                break;
            }
            if (layer instanceof Conv2d conv) {
                stages.add(step.scatter()
                        ? PatchStage.ConvDelta.of(conv, baseIn, baseOut, step.in(), step.out(), weights)
                        : PatchStage.Recompute.convolution(conv, baseIn, step.in(), step.out()));
            } else {
                stages.add(layer instanceof MaxPool2d || layer instanceof AvgPool2d
                        ? PatchStage.Recompute.pooling(layer, baseIn, step.in(), step.out())
                        : new PatchStage.Elementwise(layer, step.in()));
            }
            cut = step.node();
        }
        return new Plan(stages, cut, inputRects, model);
    }

    /**
     * The prefix's steps, how each convolution runs, and the patch size at every layer, rounded up to even
     * ({@link #groups}): windows with equal signatures share one plan.
     */
    private String signature(Window window) {
        int[] shape = model.inputShape();
        Rects inputRects = Rects.ofWindows(List.of(window), shape[1], shape[2]);
        StringBuilder b = new StringBuilder().append(even(inputRects.h())).append('x').append(even(inputRects.w()));
        for (Step step : prefix(inputRects)) {
            b.append(',').append(step.node()).append(step.scatter() ? "s" : ":");
            b.append(step.out() == null ? "whole" : even(step.out().h()) + "x" + even(step.out().w()));
        }
        return b.toString();
    }

    private static int even(int size) {
        return size + (size & 1);
    }

    /**
     * Scattering a convolution's change costs in proportion to the input patch, recomputing it to the output region
     * the change reaches (both times the kernel size and the channels), but the recomputation runs as one dense
     * product at several times the scatter's multiply-adds per second: scatter only when the patch is under
     * 1/{@value #SCATTER_COST} of that region.
     */
    private static boolean worthScattering(Rects in, Rects reached) {
        return SCATTER_COST * in.h() * in.w() < (long) reached.h() * reached.w();
    }

    /**
     * Recomputing a convolution on the output region its changed input reaches costs in proportion to that region,
     * plus gathering its input: worth it when the region is at most {@value #RECOMPUTE_SHARE_PERCENT}% of the map.
     */
    private static boolean worthRecomputing(Rects reached, int[] outShape) {
        return 100L * reached.h() * reached.w() <= RECOMPUTE_SHARE_PERCENT * (long) outShape[1] * outShape[2];
    }

    private static boolean plainAverage(PoolWindow w) {
        return w.padH() == 0 && w.padW() == 0 && !w.ceilMode();
    }

    /** The input patches {@code [B, C, h, w]}: the image, with the window's values taken from the fill. */
    private static Tensor occludedPatches(Tensor input, Tensor fill, List<Window> windows, Rects rects,
                                          PatchStage.Batch batch) {
        int c = input.dim(1), h = input.dim(2), w = input.dim(3), rh = rects.h(), rw = rects.w();
        Tensor patch = Tensor.zeros(batch.size(), c, rh, rw);
        float[] pd = patch.data(), x = input.data(), f = fill.data();
        for (int b = 0; b < batch.size(); b++) {
            int img = batch.image()[b];
            Window win = windows.get(batch.window()[b]);
            int ry = rects.y0()[batch.window()[b]], rx = rects.x0()[batch.window()[b]];
            for (int ch = 0; ch < c; ch++) {
                for (int yy = 0; yy < rh; yy++) {
                    int src = ((img * c + ch) * h + ry + yy) * w + rx, dst = ((b * c + ch) * rh + yy) * rw;
                    for (int xx = 0; xx < rw; xx++) {
                        pd[dst + xx] = win.contains(ch, ry + yy, rx + xx) ? f[src + xx] : x[src + xx];
                    }
                }
            }
        }
        return patch;
    }

    /**
     * The whole activation {@code [B, C, H, W]} of each occluded image: the unoccluded one with its patch. Only the
     * layers after the prefix read it, in this job, before this thread assembles again.
     */
    private static Tensor assemble(Tensor baseAct, Tensor patch, Rects rects, PatchStage.Batch batch) {
        int c = baseAct.dim(1), h = baseAct.dim(2), w = baseAct.dim(3), rh = rects.h(), rw = rects.w();
        int per = c * h * w;
        Tensor out = ASSEMBLED.tensor(batch.size(), c, h, w);
        float[] od = out.data(), bd = baseAct.data(), pd = patch.data();
        batch.parallel().forEach(batch.size(), b -> {
            int img = batch.image()[b], win = batch.window()[b];
            System.arraycopy(bd, img * per, od, b * per, per);
            int ry = rects.y0()[win], rx = rects.x0()[win];
            for (int ch = 0; ch < c; ch++) {
                for (int yy = 0; yy < rh; yy++) {
                    System.arraycopy(pd, ((b * c + ch) * rh + yy) * rw, od, b * per + (ch * h + ry + yy) * w + rx, rw);
                }
            }
        });
        return out;
    }

    /** Runs the nodes after {@code cutIndex} (−1: all nodes) on the batch of cut activations. */
    private Tensor runSuffix(int cutIndex, Tensor cut, Parallel threads) {
        List<Node> nodes = model.nodes();
        Tensor[] values = new Tensor[nodes.size()];
        if (cutIndex >= 0) {
            values[cutIndex] = cut;
        }
        ForwardOptions options = ForwardOptions.prediction(threads);
        for (int i = cutIndex + 1; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            List<Tensor> in = new ArrayList<>(node.inputs().size());
            for (String src : node.inputs()) {
                in.add(Model.INPUT.equals(src) ? cut : values[model.indexOf(src)]);
            }
            values[i] = node.layer().forward(in, options).value();
        }
        return values[nodes.size() - 1];
    }
}
