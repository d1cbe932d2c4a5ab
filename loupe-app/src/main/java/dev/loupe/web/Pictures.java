package dev.loupe.web;

import dev.loupe.tensor.Tensor;
import java.util.regex.Pattern;

/**
 * Resolves the image a request names: a dataset index such as {@code 42} or an upload id such as {@code u3}. These
 * are the only two ways a client can point at an image.
 */
public final class Pictures {
    private static final Pattern INDEX = Pattern.compile("\\d{1,9}");
    private static final Pattern UPLOAD = Pattern.compile("u\\d{1,9}");

    private final Workspace workspace;
    private final Uploads uploads;

    /** Pictures from the workspace's dataset and the given uploads. */
    public Pictures(Workspace workspace, Uploads uploads) {
        this.workspace = workspace;
        this.uploads = uploads;
    }

    /** A picture as the explorer uses it: {@code [1, C, H, W]} in [0, 1], and its label (-1 for uploads). */
    public record Picture(String ref, Tensor pixels, int label) {
    }

    /**
     * The picture named {@code ref}.
     *
     * @throws WebException 400 for a malformed reference, 404 for an index out of range or a forgotten upload
     */
    public Picture get(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw WebException.badRequest("missing parameter 'image': give a dataset index or an upload id");
        }
        if (INDEX.matcher(ref).matches()) {
            int i = Integer.parseInt(ref);
            int n = workspace.dataset().size();
            if (i >= n) {
                throw new WebException(404, "image " + i + " is out of range: the dataset has " + n
                        + " images (0.." + (n - 1) + ")");
            }
            return new Picture(ref, workspace.dataset().image(i), workspace.dataset().label(i));
        }
        if (UPLOAD.matcher(ref).matches()) {
            return new Picture(ref, uploads.get(ref).picture(), -1);
        }
        throw WebException.badRequest("image '" + ref + "' is neither a dataset index nor an upload id (u1, u2, ...)");
    }
}
