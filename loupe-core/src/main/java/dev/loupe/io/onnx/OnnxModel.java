package dev.loupe.io.onnx;

/**
 * A decoded ONNX file ({@code ModelProto}).
 *
 * @param irVersion       the IR version
 * @param producer        producer name and version, such as {@code pytorch 1.13.0}
 * @param opsetVersion    the version of the default ({@code ai.onnx}) operator set, 0 when not imported
 * @param graph           the graph
 */
public record OnnxModel(long irVersion, String producer, long opsetVersion, OnnxGraph graph) {
}
