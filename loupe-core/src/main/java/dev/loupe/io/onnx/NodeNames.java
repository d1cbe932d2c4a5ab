package dev.loupe.io.onnx;

import dev.loupe.nn.Model;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses readable, unique Loupe node names for imported ONNX nodes, so that layer names match the framework the
 * model came from.
 *
 * <p>In order of preference: the prefix of the node's parameter name (PyTorch names initializers
 * {@code <module>.<param>}, so a Conv reading {@code layer1.0.conv1.weight} becomes {@code layer1.0.conv1}); the
 * module path of a PyTorch scope name ({@code /layer1/layer1.0/relu/Relu} becomes {@code layer1.0.relu}); the
 * sanitised node name; the operator in lower case. A name already taken gets {@code _2}, {@code _3}, ….
 */
final class NodeNames {
    private static final Pattern PARAMETER = Pattern.compile("(.+)\\.[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.\\-]+");

    private final Set<String> used = new HashSet<>(Set.of(Model.INPUT));

    /**
     * A fresh name for {@code node}.
     *
     * @param parameterNames names of the node's parameter initializers, best hint first (may be empty)
     */
    String choose(OnnxNode node, String... parameterNames) {
        String base = null;
        for (String p : parameterNames) {
            Matcher m = PARAMETER.matcher(p);
            if (base == null && m.matches()) {
                base = sanitise(m.group(1));
            }
        }
        if (base == null || base.isEmpty()) {
            base = sanitise(scopePath(node.name()));
        }
        if (base.isEmpty()) {
            base = node.opType().toLowerCase(Locale.ROOT);
        }
        String name = base;
        for (int k = 2; !used.add(name); k++) {
            name = base + "_" + k;
        }
        return name;
    }

    /**
     * The module path of a PyTorch scope name {@code /a/a.b/c/Op}: the segments before the operator, each either a
     * qualified name extending the previous one or a local name appended to it ({@code a.b.c}). Other names are
     * returned as they are.
     */
    static String scopePath(String nodeName) {
        if (!nodeName.startsWith("/")) {
            return nodeName;
        }
        String[] segments = nodeName.substring(1).split("/");
        if (segments.length < 2) {
            return nodeName;
        }
        String path = segments[0];
        for (int i = 1; i < segments.length - 1; i++) {
            path = segments[i].startsWith(path + ".") ? segments[i] : path + "." + segments[i];
        }
        return path;
    }

    private static String sanitise(String s) {
        return UNSAFE.matcher(s).replaceAll("_").replaceAll("^[_.\\-]+|[_.\\-]+$", "");
    }
}
