/**
 * ONNX import with the JDK only.
 *
 * <ul>
 *   <li>{@link dev.loupe.io.onnx.OnnxImporter}: an {@code .onnx} file → a Loupe {@link dev.loupe.nn.Model} in a
 *       {@link dev.loupe.io.SavedModel}.</li>
 *   <li>{@link dev.loupe.io.onnx.OnnxDecoder}: the protobuf wire format of {@code onnx.proto}'s model, graph, node,
 *       attribute, tensor and value-info messages, read by {@code ProtoReader}.</li>
 *   <li>{@link dev.loupe.io.onnx.OnnxModel}, {@link dev.loupe.io.onnx.OnnxGraph}, {@link dev.loupe.io.onnx.OnnxNode},
 *       {@link dev.loupe.io.onnx.OnnxAttribute}, {@link dev.loupe.io.onnx.OnnxTensor},
 *       {@link dev.loupe.io.onnx.OnnxValueInfo}: the decoded messages as records.</li>
 * </ul>
 */
package dev.loupe.io.onnx;
