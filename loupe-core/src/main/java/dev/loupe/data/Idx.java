package dev.loupe.data;

import dev.loupe.LoupeException;
import dev.loupe.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes IDX files, the format of MNIST, Fashion-MNIST, KMNIST and EMNIST (LeCun et al., "The MNIST
 * database of handwritten digits").
 *
 * <p>An IDX file is a big-endian header followed by the data: the magic number {@code 0x0000TTDD} (two zero bytes,
 * the element type {@code TT}, 0x08 for unsigned bytes, and the number of dimensions {@code DD}), one 32-bit size per
 * dimension, then the elements in C order. Images are {@code 0x00000803} [N, rows, cols]; labels are
 * {@code 0x00000801} [N]. Only unsigned bytes are supported, which is what every dataset of this family uses.
 *
 * <p>Files may be gzip-compressed or raw; compression is detected by the gzip magic bytes {@code 1f 8b}, never by the
 * file extension. Every problem (missing file, wrong magic, bad dimensions, truncation, trailing bytes, corrupt gzip,
 * image and label counts that differ) is reported as a {@link LoupeException} whose one-line message starts with the
 * file name, e.g. {@code t10k-images-idx3-ubyte.gz: truncated: expected 7840000 pixel bytes, found 1234}.
 */
public final class Idx {
    /** Magic number of an unsigned-byte, three-dimensional IDX file: images [N, rows, cols]. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte, one-dimensional IDX file: labels [N]. */
    public static final int LABELS_MAGIC = 0x00000801;

    /** Largest accepted image side; real datasets use 28. Guards against garbage headers asking for huge buffers. */
    static final int MAX_SIDE = 4096;
    private static final int BUFFER = 1 << 16;
    private static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            BYTE_TO_UNIT[i] = i / 255f;
        }
    }

    private Idx() {
    }

    /**
     * The raw content of an IDX image file: {@code count} images of {@code rows x cols} unsigned bytes, row-major.
     *
     * @param pixels {@code count * rows * cols} bytes (0 is background for MNIST); not copied
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        /** Validates that the pixel array matches the dimensions. */
        public Images {
            Objects.requireNonNull(pixels, "pixels");
            if (count < 0 || rows < 1 || cols < 1 || (long) count * rows * cols != pixels.length) {
                throw new IllegalArgumentException("IDX images " + count + " x " + rows + " x " + cols + " need "
                        + (long) count * rows * cols + " pixel bytes, got " + pixels.length);
            }
        }

        /**
         * The images as a [count, 1, rows, cols] tensor scaled to [0, 1], or [count, 1, cols, rows] with each image
         * transposed when {@code transpose} is set (EMNIST stores its images transposed).
         */
        public Tensor toTensor(boolean transpose) {
            float[] out = new float[pixels.length];
            int plane = rows * cols;
            if (!transpose) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = BYTE_TO_UNIT[pixels[i] & 0xff];
                }
                return Tensor.wrap(out, count, 1, rows, cols);
            }
            for (int n = 0; n < count; n++) {
                int base = n * plane;
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        out[base + c * rows + r] = BYTE_TO_UNIT[pixels[base + r * cols + c] & 0xff];
                    }
                }
            }
            return Tensor.wrap(out, count, 1, cols, rows);
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads an IDX image file (magic {@code 0x00000803}), gzip or raw.
     *
     * @throws LoupeException naming the file when it is missing, unreadable or malformed
     */
    public static Images readImages(Path file) {
        try (InputStream in = open(file)) {
            int[] dims = readHeader(in, file, IMAGES_MAGIC, "image");
            int count = dims[0];
            int rows = dims[1];
            int cols = dims[2];
            if (rows < 1 || cols < 1 || rows > MAX_SIDE || cols > MAX_SIDE) {
                throw new LoupeException(file.getFileName() + ": bad image size " + rows + " x " + cols
                        + " (expected 1.." + MAX_SIDE + " on each side)");
            }
            long expected = (long) count * rows * cols;
            if (expected > Integer.MAX_VALUE - 8) {
                throw new LoupeException(file.getFileName() + ": " + count + " images of " + rows + " x " + cols
                        + " are too many to hold in memory");
            }
            byte[] pixels = readPayload(in, file, (int) expected, "pixel bytes");
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    /**
     * Reads an IDX label file (magic {@code 0x00000801}), gzip or raw, as class indices 0..255.
     *
     * @throws LoupeException naming the file when it is missing, unreadable or malformed
     */
    public static int[] readLabels(Path file) {
        try (InputStream in = open(file)) {
            int[] dims = readHeader(in, file, LABELS_MAGIC, "label");
            byte[] raw = readPayload(in, file, dims[0], "label bytes");
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    /**
     * Reads a pair of IDX files into a dataset.
     *
     * @param imagesFile IDX image file
     * @param labelsFile IDX label file with one label per image
     * @param transpose  transpose every image (true for EMNIST, whose images are stored column-major)
     * @param classNames names of the classes; every label must be a valid index into it
     * @param name       the dataset's name
     * @throws LoupeException when either file is malformed, the counts differ or a label has no class
     */
    public static Dataset readDataset(Path imagesFile, Path labelsFile, boolean transpose, List<String> classNames,
            String name) {
        int[] labels = readLabels(labelsFile);
        Images images = readImages(imagesFile);
        if (images.count() != labels.length) {
            throw new LoupeException(imagesFile.getFileName() + ": holds " + images.count() + " images but "
                    + labelsFile.getFileName() + " holds " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classNames.size()) {
                throw new LoupeException(labelsFile.getFileName() + ": label " + labels[i] + " of item " + i
                        + " is not a class of " + name + " (" + classNames.size() + " classes)");
            }
        }
        return new Dataset(images.toTensor(transpose), labels, classNames, name);
    }

    /** True when the file starts with the gzip magic bytes {@code 1f 8b}. */
    public static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            throw ioFailure(file, e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip ? new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER) : in;
    }

    /** Reads and checks the magic number and the dimension sizes; returns the sizes. */
    private static int[] readHeader(InputStream in, Path file, int expectedMagic, String kind) throws IOException {
        byte[] head = new byte[4];
        int got = readFully(in, head, 0, 4);
        if (got < 4) {
            throw new LoupeException(file.getFileName() + ": truncated: expected a 4-byte IDX magic number, found "
                    + got + " bytes");
        }
        int magic = bigEndian(head, 0);
        if (magic != expectedMagic) {
            throw new LoupeException(String.format("%s: not an IDX %s file: magic number 0x%08x, expected 0x%08x",
                    file.getFileName(), kind, magic, expectedMagic));
        }
        int rank = expectedMagic & 0xff;
        byte[] sizes = new byte[4 * rank];
        got = readFully(in, sizes, 0, sizes.length);
        if (got < sizes.length) {
            throw new LoupeException(file.getFileName() + ": truncated: expected a " + sizes.length
                    + "-byte header of dimension sizes, found " + got + " bytes");
        }
        int[] dims = new int[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = bigEndian(sizes, 4 * d);
            if (dims[d] < 0) {
                throw new LoupeException(file.getFileName() + ": bad dimension " + d + " size "
                        + Integer.toUnsignedString(dims[d]));
            }
        }
        return dims;
    }

    /** Reads exactly {@code length} payload bytes and checks that nothing follows them. */
    private static byte[] readPayload(InputStream in, Path file, int length, String what) throws IOException {
        // Grow the buffer as data arrives, so that a garbage header cannot make us allocate gigabytes up front.
        byte[] data = new byte[Math.min(length, 1 << 26)];
        int got = readFully(in, data, 0, data.length);
        while (got == data.length && got < length) {
            data = Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
            got += readFully(in, data, got, data.length - got);
        }
        if (got < length) {
            throw new LoupeException(file.getFileName() + ": truncated: expected " + length + " " + what
                    + ", found " + got);
        }
        long extra = 0;
        byte[] skip = new byte[4096];
        int n;
        while ((n = readSome(in, skip)) > 0) {
            extra += n;
        }
        if (extra > 0) {
            throw new LoupeException(file.getFileName() + ": " + extra + " unexpected bytes after the last of "
                    + length + " " + what + " (does the header match the data?)");
        }
        return data;
    }

    /** Reads until {@code len} bytes or the end of the stream; an early end of a gzip stream counts as the end. */
    private static int readFully(InputStream in, byte[] buf, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n;
            try {
                n = in.read(buf, off + total, len - total);
            } catch (EOFException e) {
                return total; // a gzip stream cut short: report as truncation with the bytes decoded so far
            }
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static int readSome(InputStream in, byte[] buf) throws IOException {
        try {
            return in.read(buf);
        } catch (EOFException e) {
            return -1;
        }
    }

    private static int bigEndian(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    private static LoupeException ioFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new LoupeException(file + ": no such file", e);
        }
        if (e instanceof ZipException) {
            return new LoupeException(file.getFileName() + ": corrupt gzip data: " + e.getMessage(), e);
        }
        return new LoupeException(file.getFileName() + ": cannot read: " + e.getMessage(), e);
    }

    // ---------------------------------------------------------------- writing

    /** Writes {@code images} as an IDX image file, gzip-compressed when {@code gzip} is set. */
    public static void writeImages(Path file, Images images, boolean gzip) {
        write(file, IMAGES_MAGIC, new int[] {images.count(), images.rows(), images.cols()}, images.pixels(), gzip);
    }

    /**
     * Writes a [N, 1, H, W] tensor with values in [0, 1] as an IDX image file; each value {@code v} is stored as the
     * byte {@code round(255 v)}, clamped to 0..255.
     */
    public static void writeImages(Path file, Tensor images, boolean gzip) {
        if (images.rank() != 4 || images.dim(1) != 1) {
            throw new IllegalArgumentException("IDX images must be [N, 1, H, W], got " + images.shapeString());
        }
        float[] data = images.data();
        byte[] pixels = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            pixels[i] = (byte) Math.max(0, Math.min(255, Math.round(data[i] * 255f)));
        }
        writeImages(file, new Images(images.dim(0), images.dim(2), images.dim(3), pixels), gzip);
    }

    /** Writes labels 0..255 as an IDX label file, gzip-compressed when {@code gzip} is set. */
    public static void writeLabels(Path file, int[] labels, boolean gzip) {
        byte[] raw = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException("IDX label " + labels[i] + " at " + i + " is outside 0..255");
            }
            raw[i] = (byte) labels[i];
        }
        write(file, LABELS_MAGIC, new int[] {labels.length}, raw, gzip);
    }

    /**
     * Writes any header and payload as given, without checking that they agree. Used to write the corrupt files
     * that tests need; prefer {@link #writeImages} and {@link #writeLabels}.
     */
    public static void write(Path file, int magic, int[] dims, byte[] payload, boolean gzip) {
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream body = gzip ? new GZIPOutputStream(raw, BUFFER) : new BufferedOutputStream(raw, BUFFER);
                DataOutputStream out = new DataOutputStream(body)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(payload);
        } catch (IOException e) {
            throw new LoupeException(file.getFileName() + ": cannot write: " + e.getMessage(), e);
        }
    }
}
