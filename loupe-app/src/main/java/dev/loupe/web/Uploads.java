package dev.loupe.web;

import dev.loupe.render.ImageConversion;
import dev.loupe.tensor.Tensor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Images the user uploads: read with a size limit, decoded only when they are PNG or JPEG of a sane size, converted
 * to the model's input size and channels, and kept (the most recent {@link #KEPT} of them) under a short id such as
 * {@code u3} that later requests name instead of the dataset index.
 */
public final class Uploads {
    /** Largest accepted upload: 10 MB. */
    public static final long MAX_BYTES = 10L * 1024 * 1024;
    /** Largest accepted image, in pixels (width x height), to refuse decompression bombs. */
    public static final long MAX_PIXELS = 40_000_000L;
    /** How many uploads are kept. */
    public static final int KEPT = 64;

    private static final Set<String> FORMATS = Set.of("png", "jpeg");

    /**
     * One converted upload.
     *
     * @param id      the id later requests use, such as {@code u3}
     * @param picture {@code [1, C, H, W]} in [0, 1], the model's input size and channels
     * @param notice  one sentence telling the user how the image was converted
     */
    public record Upload(String id, Tensor picture, String notice) {
    }

    private final Map<String, Upload> kept = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Upload> eldest) {
            return size() > KEPT;
        }
    };
    private int next = 1;

    /**
     * Reads at most {@link #MAX_BYTES} from {@code body}; the rest of an oversized body is drained and dropped.
     *
     * @throws WebException 413 for a body over the limit
     */
    public static byte[] readLimited(InputStream body, long declaredLength) throws IOException {
        if (declaredLength > MAX_BYTES) {
            drain(body);
            throw tooLarge(declaredLength);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int r; (r = body.read(buf)) > 0;) {
            total += r;
            if (total > MAX_BYTES) {
                total += drain(body);
                throw tooLarge(total);
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    private static WebException tooLarge(long bytes) {
        return new WebException(413, String.format(Locale.ROOT, "the upload is %.1f MB; the limit is %d MB",
                bytes / 1048576.0, MAX_BYTES / 1048576));
    }

    private static long drain(InputStream in) throws IOException {
        long n = 0;
        byte[] buf = new byte[64 * 1024];
        for (int r; (r = in.read(buf)) > 0 && n < 8 * MAX_BYTES;) {
            n += r;
        }
        return n;
    }

    /**
     * Decodes {@code bytes} as PNG or JPEG.
     *
     * @throws WebException 400 for anything else, or for an image over {@link #MAX_PIXELS}
     */
    public static BufferedImage decode(byte[] bytes) {
        if (bytes.length == 0) {
            throw WebException.badRequest("the upload is empty; choose a PNG or JPEG image");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw notAnImage();
            }
            ImageReader reader = readers.next();
            try {
                if (!FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) {
                    throw WebException.badRequest("the upload is a " + reader.getFormatName()
                            + " image; only PNG and JPEG are accepted");
                }
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS || pixels <= 0) {
                    throw WebException.badRequest("the image is " + reader.getWidth(0) + "x" + reader.getHeight(0)
                            + " pixels; at most " + MAX_PIXELS / 1_000_000 + " megapixels are accepted");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof WebException w) {
                throw w;
            }
            throw notAnImage();
        }
    }

    private static WebException notAnImage() {
        return WebException.badRequest("the upload is not a readable PNG or JPEG image");
    }

    /**
     * Converts {@code image} to a {@code [1, channels, height, width]} picture in [0, 1]: resampled (bilinear) to the
     * model's size, transparent parts on black, colour turned to grey for one channel, and inverted when
     * {@code darkBackground} is set and the image is mostly light (so a dark digit on white paper looks like the
     * white-on-black dataset images).
     */
    public static Upload convert(String id, BufferedImage image, int channels, int height, int width,
                                 boolean darkBackground) {
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        Tensor t = ImageConversion.toTensor(scaled, channels);
        float[] v = t.data();
        double mean = 0;
        for (float x : v) {
            mean += x;
        }
        mean /= v.length;
        boolean invert = darkBackground && mean > 0.5;
        if (invert) {
            for (int i = 0; i < v.length; i++) {
                v[i] = 1 - v[i];
            }
        }
        String notice = String.format(Locale.ROOT, "Your %dx%d %s image was converted to %dx%d %s, the model's input%s.",
                image.getWidth(), image.getHeight(), image.getColorModel().getNumColorComponents() == 1 ? "grey"
                        : "colour", width, height, channels == 1 ? "grey" : "RGB",
                invert ? ", and inverted to light-on-dark like the dataset" : "");
        return new Upload(id, t.reshape(1, channels, height, width), notice);
    }

    /** Decodes, converts and keeps an upload; returns it with its new id. */
    public Upload add(byte[] bytes, int channels, int height, int width, boolean darkBackground) {
        BufferedImage image = decode(bytes);
        String id;
        synchronized (this) {
            id = "u" + next++;
        }
        Upload u = convert(id, image, channels, height, width, darkBackground);
        synchronized (this) {
            kept.put(id, u);
        }
        return u;
    }

    /**
     * The upload with that id.
     *
     * @throws WebException 404 when it is unknown or no longer kept
     */
    public synchronized Upload get(String id) {
        Upload u = kept.get(id);
        if (u == null) {
            throw new WebException(404, "upload " + id + " is not (or no longer) on the server; upload it again");
        }
        return u;
    }
}
