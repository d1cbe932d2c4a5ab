package dev.loupe.io;

import dev.loupe.LoupeException;
import dev.loupe.nn.Layer;
import dev.loupe.nn.Model;
import dev.loupe.nn.Node;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Loupe's model file ({@code .loupe}): a versioned, self-describing, checksummed binary holding a whole model.
 *
 * <p>Layout, big-endian:
 * <pre>
 *   magic      8 bytes  "LOUPEMDL"
 *   version    int      {@value #VERSION}
 *   length     long     number of content bytes
 *   content    length bytes:
 *     architecture             string (int byte count + UTF-8)
 *     input shape              int rank, int dims…  (per image, e.g. [1, 28, 28])
 *     class names              int count, strings (0 when unknown)
 *     provenance               int count, (key, value) strings
 *     nodes                    int count, then per node in execution order:
 *       name, kind             strings ("conv2d", "linear", "relu", "maxpool2d", …)
 *       inputs                 int count, strings ("input" for the model input)
 *       hyper-parameters       kind-specific (see {@link LayerCodec})
 *       tensors                int count, (name string, int rank, int dims…, float values) each
 *   checksum   32 bytes SHA-256 over everything before it
 * </pre>
 * Writing is atomic ({@link AtomicFile}). Reading checks the magic, the version, the length and the checksum, in
 * that order, and reports any problem as a one-line {@link LoupeException} that names the file.
 */
public final class ModelFile {
    /** The format version this Loupe writes and reads. */
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "LOUPEMDL".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + Integer.BYTES + Long.BYTES;
    private static final int CHECKSUM = 32;

    private ModelFile() {
    }

    /**
     * Saves {@code model} to {@code path}, replacing any file there atomically. The keys {@code date} (now, UTC)
     * and {@code loupe_version} are added to the provenance unless given.
     *
     * @param provenance key/value facts such as dataset, epochs, seed and accuracy (may be empty)
     * @param classNames one name per model output, or empty
     * @throws LoupeException when the file cannot be written or the class names do not match the outputs
     */
    public static void save(Path path, Model model, Map<String, String> provenance, List<String> classNames) {
        save(path, model, provenance, classNames, UnaryOperator.identity());
    }

    /** As {@link #save(Path, Model, Map, List)}, with the file stream wrapped (tests inject failures). */
    static void save(Path path, Model model, Map<String, String> provenance, List<String> classNames,
                     UnaryOperator<OutputStream> wrap) {
        if (!classNames.isEmpty() && classNames.size() != model.outputSize()) {
            throw new LoupeException(name(path) + ": " + classNames.size() + " class names for a model with "
                    + model.outputSize() + " outputs");
        }
        Map<String, String> prov = new LinkedHashMap<>(provenance);
        prov.putIfAbsent("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        prov.putIfAbsent("loupe_version", loupeVersion());
        byte[] content = encode(model, prov, classNames);
        ByteBuffer file = ByteBuffer.allocate(HEADER + content.length + CHECKSUM);
        file.put(MAGIC).putInt(VERSION).putLong(content.length).put(content);
        file.put(sha256(file.array(), 0, HEADER + content.length));
        try {
            AtomicFile.write(path, file.array(), wrap);
        } catch (IOException e) {
            throw new LoupeException(name(path) + ": cannot write the model (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Loads a model file.
     *
     * @throws LoupeException naming the file when it is missing, not a model file, of an unknown version,
     *                        truncated, corrupt or malformed
     */
    public static SavedModel load(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new LoupeException(name(path) + ": no such model file", e);
        } catch (IOException e) {
            throw new LoupeException(name(path) + ": cannot read (" + e.getMessage() + ")", e);
        }
        int prefix = Math.min(bytes.length, MAGIC.length);
        if (!Arrays.equals(bytes, 0, prefix, MAGIC, 0, prefix) || bytes.length == 0) {
            throw new LoupeException(name(path) + ": not a Loupe model file (wrong magic)");
        }
        if (bytes.length < MAGIC.length + Integer.BYTES) {
            throw truncated(path, bytes.length, HEADER + CHECKSUM);
        }
        int version = ByteBuffer.wrap(bytes, MAGIC.length, Integer.BYTES).getInt();
        if (version != VERSION) {
            throw new LoupeException(name(path) + ": unknown model format version " + version + " (this Loupe reads "
                    + VERSION + ")");
        }
        if (bytes.length < HEADER) {
            throw truncated(path, bytes.length, HEADER + CHECKSUM);
        }
        long length = ByteBuffer.wrap(bytes, MAGIC.length + Integer.BYTES, Long.BYTES).getLong();
        long expected = HEADER + length + CHECKSUM;
        if (length < 0 || length > Integer.MAX_VALUE) {
            throw new LoupeException(name(path) + ": invalid content length " + length + " (file corrupt)");
        }
        if (bytes.length < expected) {
            throw truncated(path, bytes.length, expected);
        }
        if (bytes.length > expected) {
            throw new LoupeException(name(path) + ": " + (bytes.length - expected)
                    + " unexpected bytes after the model (file corrupt)");
        }
        byte[] stored = Arrays.copyOfRange(bytes, HEADER + (int) length, bytes.length);
        if (!MessageDigest.isEqual(stored, sha256(bytes, 0, HEADER + (int) length))) {
            throw new LoupeException(name(path) + ": checksum mismatch (file corrupt)");
        }
        try {
            return decode(new BinaryReader(bytes, HEADER, (int) length));
        } catch (BinaryReader.Malformed e) {
            throw new LoupeException(name(path) + ": malformed model (" + e.getMessage() + ")");
        }
    }

    private static LoupeException truncated(Path path, long actual, long expected) {
        return new LoupeException(name(path) + ": truncated model file (" + actual + " of " + expected + " bytes)");
    }

    private static byte[] encode(Model model, Map<String, String> provenance, List<String> classNames) {
        BinaryWriter out = new BinaryWriter();
        out.writeString(model.architecture());
        int[] shape = model.inputShape();
        out.writeInt(shape.length);
        for (int d : shape) {
            out.writeInt(d);
        }
        out.writeInt(classNames.size());
        classNames.forEach(out::writeString);
        out.writeInt(provenance.size());
        provenance.forEach((k, v) -> {
            out.writeString(k);
            out.writeString(v);
        });
        out.writeInt(model.nodes().size());
        for (Node node : model.nodes()) {
            out.writeString(node.name());
            out.writeString(node.layer().kind());
            out.writeInt(node.inputs().size());
            node.inputs().forEach(out::writeString);
            LayerCodec.write(node.layer(), out);
        }
        return out.toByteArray();
    }

    private static SavedModel decode(BinaryReader in) throws BinaryReader.Malformed {
        String architecture = in.readString();
        int rank = in.readCount("input dimensions", 4);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readInt();
        }
        int classCount = in.readCount("class names", 4);
        List<String> classNames = new ArrayList<>();
        for (int i = 0; i < classCount; i++) {
            classNames.add(in.readString());
        }
        int provCount = in.readCount("provenance entries", 8);
        Map<String, String> provenance = new LinkedHashMap<>();
        for (int i = 0; i < provCount; i++) {
            provenance.put(in.readString(), in.readString());
        }
        int nodeCount = in.readCount("layers", 12);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            String name = in.readString();
            String kind = in.readString();
            int inputCount = in.readCount("layer inputs", 4);
            List<String> inputs = new ArrayList<>();
            for (int k = 0; k < inputCount; k++) {
                inputs.add(in.readString());
            }
            Layer layer = LayerCodec.read(kind, in);
            try {
                nodes.add(new Node(name, layer, inputs));
            } catch (IllegalArgumentException e) {
                throw new BinaryReader.Malformed(e.getMessage());
            }
        }
        if (!in.atEnd()) {
            throw new BinaryReader.Malformed("unread bytes after the last layer");
        }
        Model.Builder builder = Model.builder(architecture, shape);
        for (Node node : nodes) {
            builder.add(node.name(), node.layer(), node.inputs().toArray(String[]::new));
        }
        Model model;
        try {
            model = builder.build();
        } catch (IllegalArgumentException e) {
            throw new BinaryReader.Malformed("invalid graph: " + e.getMessage());
        }
        if (!classNames.isEmpty() && classNames.size() != model.outputSize()) {
            throw new BinaryReader.Malformed(classNames.size() + " class names for " + model.outputSize()
                    + " outputs");
        }
        return new SavedModel(model, provenance, classNames);
    }

    private static byte[] sha256(byte[] bytes, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, offset, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String name(Path path) {
        Path file = path.getFileName();
        return file == null ? path.toString() : file.toString();
    }

    private static String loupeVersion() {
        String v = ModelFile.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
