package dev.loupe.io;

import dev.loupe.nn.Add;
import dev.loupe.nn.AvgPool2d;
import dev.loupe.nn.BatchNorm2d;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Dropout;
import dev.loupe.nn.Flatten;
import dev.loupe.nn.GlobalAvgPool;
import dev.loupe.nn.Layer;
import dev.loupe.nn.Linear;
import dev.loupe.nn.LogSoftmax;
import dev.loupe.nn.MaxPool2d;
import dev.loupe.nn.PoolWindow;
import dev.loupe.nn.ReLU;
import dev.loupe.nn.Softmax;
import dev.loupe.tensor.ConvGeometry;
import dev.loupe.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads one layer of the sealed set: its kind-specific hyper-parameters, then its tensors as a list of
 * named values ({@code weight}, {@code bias}, {@code running_mean}, {@code running_var}), so a file explains itself.
 */
final class LayerCodec {
    private LayerCodec() {
    }

    static void write(Layer layer, BinaryWriter out) {
        if (layer instanceof Conv2d conv) {
            ConvGeometry g = conv.geometry();
            for (int v : new int[] {g.inChannels(), g.outChannels(), g.kernelH(), g.kernelW(), g.strideH(),
                g.strideW(), g.padH(), g.padW(), g.dilationH(), g.dilationW(), g.groups()}) {
                out.writeInt(v);
            }
        } else if (layer instanceof MaxPool2d pool) {
            writeWindow(pool.window(), out);
        } else if (layer instanceof AvgPool2d pool) {
            writeWindow(pool.window(), out);
            out.writeBoolean(pool.countIncludePad());
        } else if (layer instanceof BatchNorm2d bn) {
            out.writeDouble(bn.eps());
            out.writeDouble(bn.momentum());
        } else if (layer instanceof Dropout dropout) {
            out.writeDouble(dropout.p());
        }
        var parameters = layer.parameters();
        out.writeInt(parameters.size());
        for (var p : parameters) {
            out.writeString(p.name());
            out.writeTensor(p.value());
        }
    }

    private static void writeWindow(PoolWindow w, BinaryWriter out) {
        for (int v : new int[] {w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.padH(), w.padW(),
            w.dilationH(), w.dilationW()}) {
            out.writeInt(v);
        }
        out.writeBoolean(w.ceilMode());
    }

    /**
     * Reads a layer of the given kind.
     *
     * @throws BinaryReader.Malformed for an unknown kind, missing tensors or hyper-parameters the layer rejects
     */
    static Layer read(String kind, BinaryReader in) throws BinaryReader.Malformed {
        try {
            switch (kind) {
                case "conv2d": {
                    ConvGeometry g = new ConvGeometry(in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                            in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                            in.readInt());
                    Map<String, Tensor> t = readTensors(in);
                    return new Conv2d(g, required(t, "weight", kind), t.get("bias"));
                }
                case "linear": {
                    Map<String, Tensor> t = readTensors(in);
                    return new Linear(required(t, "weight", kind), t.get("bias"));
                }
                case "maxpool2d": {
                    PoolWindow w = readWindow(in);
                    readTensors(in);
                    return new MaxPool2d(w);
                }
                case "avgpool2d": {
                    PoolWindow w = readWindow(in);
                    boolean includePad = in.readBoolean();
                    readTensors(in);
                    return new AvgPool2d(w, includePad);
                }
                case "batchnorm2d": {
                    double eps = in.readDouble(), momentum = in.readDouble();
                    Map<String, Tensor> t = readTensors(in);
                    return new BatchNorm2d(required(t, "weight", kind), required(t, "bias", kind),
                            required(t, "running_mean", kind), required(t, "running_var", kind), eps, momentum);
                }
                case "dropout": {
                    double p = in.readDouble();
                    readTensors(in);
                    return new Dropout(p);
                }
                default:
                    readTensors(in);
                    return stateless(kind);
            }
        } catch (IllegalArgumentException e) {
            throw new BinaryReader.Malformed("invalid " + kind + " layer: " + e.getMessage());
        }
    }

    private static Layer stateless(String kind) throws BinaryReader.Malformed {
        switch (kind) {
            case "relu":
                return new ReLU();
            case "flatten":
                return new Flatten();
            case "globalavgpool":
                return new GlobalAvgPool();
            case "softmax":
                return new Softmax();
            case "logsoftmax":
                return new LogSoftmax();
            case "add":
                return new Add();
            default:
                throw new BinaryReader.Malformed("unknown layer kind '" + kind + "'");
        }
    }

    private static PoolWindow readWindow(BinaryReader in) throws BinaryReader.Malformed {
        return new PoolWindow(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                in.readInt(), in.readInt(), in.readBoolean());
    }

    private static Map<String, Tensor> readTensors(BinaryReader in) throws BinaryReader.Malformed {
        int n = in.readCount("tensors", 8);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readString();
            tensors.put(name, in.readTensor());
        }
        return tensors;
    }

    private static Tensor required(Map<String, Tensor> tensors, String name, String kind)
            throws BinaryReader.Malformed {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new BinaryReader.Malformed("the " + kind + " layer has no " + name);
        }
        return t;
    }
}
