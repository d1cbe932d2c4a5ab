package dev.loupe.io;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (version 1.0) for float32 C-order arrays, so results can be compared with Python
 * tools on the same numbers. Reading also accepts float64 ({@code <f8}), converted to float32.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Writes {@code t} as a little-endian float32 array, atomically (temporary file, then rename). */
    public static void write(Path file, Tensor t) {
        StringBuilder shape = new StringBuilder("(");
        for (int d : t.shape()) {
            shape.append(d).append(", ");
        }
        if (t.rank() > 1) {
            shape.setLength(shape.length() - 2);
        } else if (t.rank() == 1) {
            shape.setLength(shape.length() - 1);
        }
        shape.append(')');
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = MAGIC.length + 4 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + h.length + 4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
        buf.asFloatBuffer().put(t.data());
        try {
            AtomicFile.write(file, buf.array());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a float32 or float64 C-order array.
     *
     * @throws LoupeException naming the file when it is not a readable {@code .npy} of that kind
     */
    public static Tensor read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LoupeException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new LoupeException(file + ": not a .npy file (bad magic)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6];
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(buf.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            headerLen = buf.getInt(8);
            start = 12;
        } else {
            throw new LoupeException(file + ": unsupported .npy version " + major);
        }
        if (start + headerLen > bytes.length) {
            throw new LoupeException(file + ": truncated .npy header");
        }
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header), order = ORDER.matcher(header), shapeM = SHAPE.matcher(header);
        if (!descr.find() || !order.find() || !shapeM.find()) {
            throw new LoupeException(file + ": cannot parse .npy header: " + header.trim());
        }
        if (order.group(1).equals("True")) {
            throw new LoupeException(file + ": Fortran-order arrays are not supported; save with C order");
        }
        String[] parts = shapeM.group(1).split(",");
        int[] shape = Arrays.stream(parts).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt)
                .toArray();
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        int data = start + headerLen;
        String type = descr.group(1);
        int width = switch (type) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            default -> throw new LoupeException(file + ": dtype " + type + " is not supported; use float32");
        };
        if (bytes.length - data < count * width) {
            throw new LoupeException(file + ": truncated: expected " + count * width + " data bytes, found "
                    + (bytes.length - data));
        }
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = width == 4 ? buf.getFloat(data + 4 * i) : (float) buf.getDouble(data + 8 * i);
        }
        return Tensor.wrap(values, shape);
    }
}
