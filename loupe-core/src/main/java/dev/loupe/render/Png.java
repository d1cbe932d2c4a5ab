package dev.loupe.render;

import dev.loupe.LoupeException;
import dev.loupe.explain.Provenance;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.Node;

/**
 * PNG files with key/value text metadata (provenance: method, parameters, model digest), written atomically.
 *
 * <p>Each entry becomes a PNG {@code tEXt} chunk when key and value are Latin-1 (the chunk's only encoding), and an
 * uncompressed {@code iTXt} chunk (UTF-8) when the value needs other characters. Keywords follow the PNG rules:
 * 1 to 79 printable Latin-1 characters, no leading, trailing or doubled spaces. A file is written to a temporary
 * file in the same directory and then renamed over the target with {@code ATOMIC_MOVE}, so readers (the web explorer,
 * a browser reloading the report) never see half a file.
 */
public final class Png {
    private static final String FORMAT = "javax_imageio_png_1.0";

    private Png() {
    }

    /** Writes {@code image} to {@code file} without metadata; see {@link #write(BufferedImage, Path, Map)}. */
    public static void write(BufferedImage image, Path file) {
        write(image, file, Map.of());
    }

    /**
     * Writes {@code image} to {@code file} as PNG with {@code text} as text chunks, replacing any existing
     * file atomically.
     *
     * @throws LoupeException naming the file if it cannot be written, or naming a key that PNG does not allow
     */
    public static void write(BufferedImage image, Path file, Map<String, String> text) {
        byte[] bytes = encode(image, text);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            keepPermissions(tmp, target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some file systems (e.g. certain network mounts) cannot rename atomically; a plain replace is the
                // best they offer.
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new LoupeException("cannot write PNG " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The original failure is what the user needs to see.
                }
            }
        }
    }

    /**
     * Temporary files are created private (rw-------); give the new file the permissions of the file it replaces,
     * or rw-r--r-- for a new file, so that a web server or another user can still read figures.
     */
    private static void keepPermissions(Path tmp, Path target) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, permissions);
    }

    /** {@code image} encoded as PNG bytes with {@code text} as text chunks (for HTTP answers and data URIs). */
    public static byte[] encode(BufferedImage image, Map<String, String> text) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JDK has no PNG writer");
        }
        ImageWriter writer = writers.next();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream();
             ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            var param = writer.getDefaultWriteParam();
            IIOMetadata metadata = writer.getDefaultImageMetadata(
                    ImageTypeSpecifier.createFromRenderedImage(image), param);
            if (!text.isEmpty()) {
                metadata.mergeTree(FORMAT, textTree(text));
            }
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, metadata), param);
            ios.flush();
            return out.toByteArray();
        } catch (IIOInvalidTreeException e) {
            throw new LoupeException("PNG metadata rejected: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new LoupeException("cannot encode PNG: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }

    private static IIOMetadataNode textTree(Map<String, String> text) {
        IIOMetadataNode tEXt = new IIOMetadataNode("tEXt");
        IIOMetadataNode iTXt = new IIOMetadataNode("iTXt");
        for (Map.Entry<String, String> e : text.entrySet()) {
            String key = checkKeyword(e.getKey());
            String value = e.getValue() == null ? "" : e.getValue();
            if (isLatin1(value)) {
                IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
                entry.setAttribute("keyword", key);
                entry.setAttribute("value", value);
                tEXt.appendChild(entry);
            } else {
                IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
                entry.setAttribute("keyword", key);
                entry.setAttribute("compressionFlag", "FALSE");
                entry.setAttribute("compressionMethod", "0");
                entry.setAttribute("languageTag", "");
                entry.setAttribute("translatedKeyword", "");
                entry.setAttribute("text", value);
                iTXt.appendChild(entry);
            }
        }
        IIOMetadataNode root = new IIOMetadataNode(FORMAT);
        if (tEXt.hasChildNodes()) {
            root.appendChild(tEXt);
        }
        if (iTXt.hasChildNodes()) {
            root.appendChild(iTXt);
        }
        return root;
    }

    private static String checkKeyword(String key) {
        boolean ok = key != null && !key.isEmpty() && key.length() <= 79 && !key.startsWith(" ") && !key.endsWith(" ")
                && !key.contains("  ");
        if (ok) {
            for (char c : key.toCharArray()) {
                ok &= (c >= 32 && c <= 126) || (c >= 161 && c <= 255);
            }
        }
        if (!ok) {
            throw new LoupeException("PNG metadata key '" + key + "' is not a PNG keyword (1-79 printable Latin-1"
                    + " characters, no leading, trailing or double spaces)");
        }
        return key;
    }

    private static boolean isLatin1(String s) {
        for (char c : s.toCharArray()) {
            if (c == 0 || c > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text metadata that records where a figure came from, under fixed keys: {@code loupe.method},
     * {@code loupe.parameters} ({@link Provenance#parameterLine()}), {@code loupe.seed} and {@code loupe.model} (the
     * model digest). Pass it, possibly with more entries, to {@link #write(BufferedImage, Path, Map)}.
     */
    public static Map<String, String> metadata(Provenance provenance) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("loupe.method", provenance.method());
        text.put("loupe.parameters", provenance.parameterLine());
        text.put("loupe.seed", Long.toString(provenance.seed()));
        text.put("loupe.model", provenance.modelDigest() == null ? "" : provenance.modelDigest());
        return text;
    }

    /** Reads the image in {@code file}. */
    public static BufferedImage read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            BufferedImage img = ImageIO.read(in);
            if (img == null) {
                throw new LoupeException("not a readable image: " + file);
            }
            return img;
        } catch (IOException e) {
            throw new LoupeException("cannot read image " + file + ": " + e.getMessage(), e);
        }
    }

    /** The text metadata ({@code tEXt}, {@code iTXt} and {@code zTXt} entries) of the PNG in {@code file}. */
    public static Map<String, String> readText(Path file) {
        try {
            return readText(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new LoupeException("cannot read PNG " + file + ": " + e.getMessage(), e);
        } catch (LoupeException e) {
            throw new LoupeException(e.getMessage() + ": " + file, e);
        }
    }

    /**
     * The text metadata of PNG {@code bytes}. Entries of one chunk type keep their file order, but the JDK's PNG
     * metadata groups chunk types, so the order between tEXt and iTXt entries is not preserved; a repeated key keeps
     * its last value.
     */
    public static Map<String, String> readText(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = null;
            while (readers.hasNext()) {
                ImageReader r = readers.next();
                if ("png".equalsIgnoreCase(r.getFormatName())) {
                    reader = r;
                    break;
                }
            }
            if (reader == null) {
                throw new LoupeException("not a PNG file");
            }
            try {
                reader.setInput(in, true, false);
                Node root = reader.getImageMetadata(0).getAsTree(FORMAT);
                Map<String, String> text = new LinkedHashMap<>();
                for (Node chunk = root.getFirstChild(); chunk != null; chunk = chunk.getNextSibling()) {
                    String valueAttribute = switch (chunk.getNodeName()) {
                        case "tEXt", "zTXt" -> "value";
                        case "iTXt" -> "text";
                        default -> null;
                    };
                    if (valueAttribute == null) {
                        continue;
                    }
                    for (Node e = chunk.getFirstChild(); e != null; e = e.getNextSibling()) {
                        var attributes = e.getAttributes();
                        text.put(attributes.getNamedItem("keyword").getNodeValue(),
                                attributes.getNamedItem(valueAttribute).getNodeValue());
                    }
                }
                return text;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new LoupeException("corrupt PNG: " + e.getMessage(), e);
        }
    }

    /** A {@code data:image/png;base64,...} URI of {@code image}, for embedding in HTML. */
    public static String dataUri(BufferedImage image) {
        return "data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(encode(image, Map.of()));
    }
}
