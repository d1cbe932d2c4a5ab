package dev.loupe.conformance;

import static dev.loupe.conformance.ManifestFields.required;
import static dev.loupe.conformance.ManifestFields.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.LoupeException;
import dev.loupe.nn.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A reference set: a folder with {@code manifest.json} (format version 1), models with raw float32 parameters,
 * input batches and expected outputs computed by peer libraries (PyTorch, Captum, Zennit). See the set's README
 * for the conventions.
 *
 * <p>Loading parses and validates the whole manifest but reads no tensor; models are built on first use and
 * cached, tensors are read when a case asks for them.
 */
public final class ReferenceSet {
    /** The manifest format this loader reads. */
    public static final int FORMAT_VERSION = 1;

    private final Path root;
    private final String name;
    private final Map<String, ReferenceModel> models;
    private final List<ReferenceCase> cases;
    private final Map<String, Model> built = new ConcurrentHashMap<>();

    private ReferenceSet(Path root, String name, Map<String, ReferenceModel> models, List<ReferenceCase> cases) {
        this.root = root;
        this.name = name;
        this.models = Collections.unmodifiableMap(models);
        this.cases = List.copyOf(cases);
    }

    /**
     * Loads the manifest of the set in {@code dir} (a folder holding {@code manifest.json}, or the manifest file
     * itself).
     *
     * @throws LoupeException when the manifest is missing, not JSON, of another format version, or malformed
     */
    public static ReferenceSet load(Path dir) {
        Path manifest = Files.isDirectory(dir) ? dir.resolve("manifest.json") : dir;
        Path root = manifest.toAbsolutePath().getParent();
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(Files.readString(manifest));
        } catch (NoSuchFileException e) {
            throw new LoupeException(manifest + ": no reference manifest here", e);
        } catch (JsonProcessingException e) {
            throw new LoupeException(manifest + ": not valid JSON (line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new LoupeException(manifest + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (json == null || !json.isObject()) {
            throw new LoupeException(manifest + ": the manifest must be a JSON object");
        }
        JsonNode version = json.get("format_version");
        if (version == null || !version.isIntegralNumber()) {
            throw new LoupeException(manifest + ": missing integer 'format_version'");
        }
        if (version.asInt() != FORMAT_VERSION) {
            throw new LoupeException(manifest + ": format_version " + version.asInt() + " is not supported; this loader "
                    + "reads version " + FORMAT_VERSION);
        }
        String where = manifest.toString();
        Map<String, ReferenceModel> models = new LinkedHashMap<>();
        JsonNode modelsNode = required(json, "models", where);
        if (!modelsNode.isObject()) {
            throw new LoupeException(where + ": 'models' must be an object keyed by model name");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = modelsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            models.put(m.getKey(), ReferenceModel.parse(m.getKey(), m.getValue(), root));
        }
        JsonNode casesNode = required(json, "cases", where);
        if (!casesNode.isArray()) {
            throw new LoupeException(where + ": 'cases' must be a list");
        }
        List<ReferenceCase> cases = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode c : casesNode) {
            ReferenceCase rc = parseCase(c, root, where);
            if (!models.containsKey(rc.model())) {
                throw new LoupeException(where + ": case " + rc.id() + " uses model '" + rc.model()
                        + "', which the manifest does not define; models are " + models.keySet());
            }
            checkInput(rc, models.get(rc.model()), where);
            if (!ids.add(rc.id())) {
                throw new LoupeException(where + ": case id " + rc.id() + " appears twice");
            }
            cases.add(rc);
        }
        String setName = json.has("set") ? json.get("set").asText() : root.getFileName().toString();
        return new ReferenceSet(root, setName, models, cases);
    }

    private static ReferenceCase parseCase(JsonNode c, Path root, String manifest) {
        String id = text(c, "id", manifest + ": a case");
        String where = "case " + id;
        List<Integer> targets = new ArrayList<>();
        JsonNode t = c.get("targets");
        if (t != null && !t.isNull()) {
            if (!t.isArray()) {
                throw new LoupeException(where + ": 'targets' must be a list of class indices");
            }
            for (JsonNode v : t) {
                if (!v.isIntegralNumber()) {
                    throw new LoupeException(where + ": target " + v + " is not a class index");
                }
                targets.add(v.asInt());
            }
        }
        Map<String, ExpectedOutput> outputs = new LinkedHashMap<>();
        JsonNode outs = required(c, "outputs", where);
        for (Iterator<Map.Entry<String, JsonNode>> it = outs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> o = it.next();
            String ow = where + " output " + o.getKey();
            Tolerance tol = new Tolerance(ManifestFields.number(o.getValue(), "rtol", 0, ow),
                    ManifestFields.number(o.getValue(), "atol", 0, ow));
            outputs.put(o.getKey(), new ExpectedOutput(o.getKey(),
                    ManifestFields.tensorFile(o.getValue(), root, ow), tol, o.getValue()));
        }
        if (outputs.isEmpty()) {
            throw new LoupeException(where + ": no outputs to compare");
        }
        Map<String, TensorFile> aux = new LinkedHashMap<>();
        JsonNode auxNode = c.get("aux_inputs");
        if (auxNode != null && !auxNode.isNull()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = auxNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> a = it.next();
                aux.put(a.getKey(), ManifestFields.tensorFile(a.getValue(), root, where + " aux input " + a.getKey()));
            }
        }
        JsonNode hyper = c.get("hyperparameters");
        if (hyper == null || hyper.isNull()) {
            hyper = new ObjectMapper().createObjectNode();
        } else if (!hyper.isObject()) {
            throw new LoupeException(where + ": 'hyperparameters' must be an object");
        }
        return new ReferenceCase(id, text(c, "model", where), text(c, "method", where),
                c.has("library") ? c.get("library").asText() : "", ManifestFields.tensorFile(required(c, "input", where),
                root, where + " input"), targets, hyper, outputs, aux, c);
    }

    /** The case's input must be a batch of the model's images, with one target per image when targets are given. */
    private static void checkInput(ReferenceCase c, ReferenceModel model, String where) {
        int[] shape = c.input().shape();
        int[] image = model.inputShape();
        if (shape.length != image.length + 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), image)) {
            throw new LoupeException(where + ": case " + c.id() + " has input shape " + Arrays.toString(shape)
                    + ", but model '" + model.name() + "' takes [N, "
                    + Arrays.toString(image).replaceAll("[\\[\\]]", "") + "] images");
        }
        if (!c.targets().isEmpty() && c.targets().size() != shape[0]) {
            throw new LoupeException(where + ": case " + c.id() + " has " + c.targets().size() + " targets for "
                    + shape[0] + " images");
        }
    }

    /** The folder holding the manifest. */
    public Path root() {
        return root;
    }

    /** The set's name ({@code set} in the manifest, else the folder name). */
    public String name() {
        return name;
    }

    /** The model entries by name, in manifest order. */
    public Map<String, ReferenceModel> models() {
        return models;
    }

    /** Every case, in manifest order. */
    public List<ReferenceCase> cases() {
        return cases;
    }

    /** The cases of one method, in manifest order. */
    public List<ReferenceCase> cases(String method) {
        return cases.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** The distinct methods of the set, in order of first appearance. */
    public List<String> methods() {
        return cases.stream().map(ReferenceCase::method).distinct().toList();
    }

    /**
     * The named model, built from its layer list and parameter files on first use and cached (models are
     * immutable, so sharing is safe).
     *
     * @throws LoupeException for an unknown model name or a model that cannot be built
     */
    public Model model(String modelName) {
        ReferenceModel m = models.get(modelName);
        if (m == null) {
            throw new LoupeException("no model '" + modelName + "' in reference set " + name + "; models are "
                    + String.join(", ", models.keySet()));
        }
        return built.computeIfAbsent(modelName, k -> m.build());
    }

    /** The model a case runs on. */
    public Model model(ReferenceCase c) {
        return model(c.model());
    }
}
