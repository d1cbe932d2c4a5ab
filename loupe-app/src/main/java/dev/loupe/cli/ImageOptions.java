package dev.loupe.cli;

import dev.loupe.LoupeException;
import dev.loupe.data.Dataset;
import dev.loupe.data.ImageFolder;
import dev.loupe.data.Split;
import dev.loupe.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The image to look at: a PNG/JPEG file ({@code --image}) or a dataset image ({@code --index}). */
public final class ImageOptions {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    static final class Choice {
        @Option(names = "--image", paramLabel = "PNG", description = "A PNG or JPEG image.")
        Path image;

        @Option(names = "--index", paramLabel = "N", description = "Image N of the dataset's test split.")
        Integer index;
    }

    @Option(names = "--resize", description = "Scale an image of another size to the model's input size "
            + "(otherwise a size mismatch is an error).")
    boolean resize;

    /**
     * An image with its label (−1 when unknown) and a name for titles.
     *
     * @param pixels [1, C, H, W] in [0, 1]
     * @param label  true class, or −1
     * @param name   file name or {@code test #N}
     */
    public record Picked(Tensor pixels, int label, String name) {
    }

    /** Reads the chosen image for {@code model}, from {@code data} when {@code --index} is used. */
    public Picked pick(LoadedModel model, DataOptions data) {
        int[] s = model.model().inputShape();
        if (choice.image != null) {
            Path file = choice.image;
            if (!Files.isRegularFile(file)) {
                throw new LoupeException(file + ": no such image file");
            }
            BufferedImage img;
            try {
                img = ImageIO.read(file.toFile());
            } catch (IOException e) {
                throw new LoupeException(file + ": cannot decode image: " + e.getMessage(), e);
            }
            if (img == null) {
                throw new LoupeException(file + ": not a readable image (supported: PNG, JPEG, BMP, GIF)");
            }
            if (!resize && (img.getHeight() != s[1] || img.getWidth() != s[2])) {
                throw new LoupeException(file + ": image is " + img.getWidth() + "x" + img.getHeight()
                        + " pixels but the model takes " + s[2] + "x" + s[1] + " (pass --resize to scale it)");
            }
            float[] px = ImageFolder.readImage(file, new ImageFolder.Options(s[0], s[1], s[2]));
            return new Picked(Tensor.wrap(px, 1, s[0], s[1], s[2]), -1, file.getFileName().toString());
        }
        Dataset d = data.locate(Split.TEST).dataset();
        int i = choice.index;
        if (i < 0 || i >= d.size()) {
            throw new LoupeException("--index " + i + " is out of range: " + d.name() + " has " + d.size()
                    + " images (0.." + (d.size() - 1) + ")");
        }
        InputCheck.requireFits(model, d.channels(), d.height(), d.width(), d.name());
        return new Picked(d.image(i), d.label(i), d.name() + " #" + i);
    }
}
