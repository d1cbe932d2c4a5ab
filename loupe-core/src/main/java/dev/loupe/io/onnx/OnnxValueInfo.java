package dev.loupe.io.onnx;

/**
 * A graph input or output ({@code ValueInfoProto} with a tensor {@code TypeProto}).
 *
 * @param name     the tensor's name
 * @param elemType the element type (see {@link OnnxTensor#FLOAT}), 0 when not given
 * @param dims     the shape, with -1 for a symbolic (e.g. dynamic batch) or missing dimension; null when the file
 *                 gives no shape
 */
public record OnnxValueInfo(String name, int elemType, long[] dims) {
}
