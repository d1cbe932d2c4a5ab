package dev.loupe.explain.lrp;

import dev.loupe.LoupeException;
import dev.loupe.nn.BackwardRule;
import dev.loupe.nn.Conv2d;
import dev.loupe.nn.Layer;
import dev.loupe.nn.Linear;
import dev.loupe.nn.LinearLayer;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a composite from the short rule description used by the reference manifest, such as
 * {@code first Conv2d: ZBox(low,high); other Conv2d: Gamma(gamma); Linear: Epsilon(epsilon)}.
 *
 * <p>Clauses are separated by {@code ;}, each {@code <layers>: <Rule>(<args>)}. Layers: {@code first Conv2d},
 * {@code first Linear}, {@code first Conv2d/Linear} (the first-layer override), {@code Conv2d}, {@code Linear},
 * {@code Conv2d and Linear} (optionally preceded by {@code every}/{@code other} and followed by a parenthesised
 * remark). Rules: {@code ZRule}, {@code Epsilon(e)}, {@code Gamma(g)}, {@code AlphaBeta(a,b)}, {@code ZPlus},
 * {@code ZBox(low,high)}, {@code Flat}, {@code WSquare}; each argument is a number or the name of a parameter in
 * {@code params}. Every other layer gets the common LRP rules of {@link Composite#lrp} with {@code stabilizer}.
 */
public final class RuleText {
    private RuleText() {
    }

    /**
     * The composite the text describes.
     *
     * @throws LoupeException for a clause, layer selector, rule or parameter it cannot read
     */
    public static Composite parse(String text, Map<String, Double> params, double stabilizer) {
        Composite.Builder b = Composite.lrp(stabilizer);
        for (String clause : text.split(";")) {
            if (clause.isBlank()) {
                continue;
            }
            int colon = clause.indexOf(':');
            if (colon < 0) {
                throw new LoupeException("cannot read LRP rule clause '" + clause.trim() + "': expected <layers>: <rule>");
            }
            String layers = clause.substring(0, colon).replaceAll("\\(.*\\)", "").trim().toLowerCase(Locale.ROOT);
            BackwardRule rule = rule(clause.substring(colon + 1).trim(), params, stabilizer);
            boolean first = layers.startsWith("first ");
            layers = layers.replaceFirst("^(first|every|other|all) ", "").trim();
            Class<? extends Layer> kind = switch (layers) {
                case "conv2d" -> Conv2d.class;
                case "linear" -> Linear.class;
                case "conv2d/linear", "conv2d and linear", "linear and conv2d" -> LinearLayer.class;
                default -> throw new LoupeException("unknown layer selector '" + layers + "' in LRP rules '" + text
                        + "'");
            };
            if (first) {
                b.firstLayer(kind, rule);
            } else {
                b.kind(kind, rule);
            }
        }
        return b.build();
    }

    private static BackwardRule rule(String text, Map<String, Double> params, double stabilizer) {
        String name = text.contains("(") ? text.substring(0, text.indexOf('(')).trim() : text.trim();
        String[] args = text.contains("(") ? text.substring(text.indexOf('(') + 1, text.lastIndexOf(')')).split(",")
                : new String[0];
        double[] v = new double[args.length];
        for (int i = 0; i < args.length; i++) {
            v[i] = value(args[i].trim(), params, text);
        }
        return switch (name) {
            case "ZRule" -> new ZRule();
            case "Epsilon" -> new Epsilon(arg(v, 0, text));
            case "Gamma" -> new Gamma(arg(v, 0, text), stabilizer);
            case "AlphaBeta" -> new AlphaBeta(arg(v, 0, text), arg(v, 1, text), stabilizer);
            case "ZPlus" -> new ZPlus(stabilizer);
            case "ZBox" -> new ZBox(new double[] {arg(v, 0, text)}, new double[] {arg(v, 1, text)}, stabilizer);
            case "Flat" -> new Flat(stabilizer);
            case "WSquare" -> new WSquare(stabilizer);
            default -> throw new LoupeException("unknown LRP rule '" + name + "'; known: ZRule, Epsilon, Gamma, "
                    + "AlphaBeta, ZPlus, ZBox, Flat, WSquare");
        };
    }

    private static double value(String arg, Map<String, Double> params, String rule) {
        try {
            return Double.parseDouble(arg);
        } catch (NumberFormatException e) {
            Double v = params.get(arg);
            if (v == null) {
                throw new LoupeException("LRP rule " + rule + " needs parameter '" + arg + "', which is not given");
            }
            return v;
        }
    }

    private static double arg(double[] v, int i, String rule) {
        if (i >= v.length) {
            throw new LoupeException("LRP rule " + rule + " is missing argument " + (i + 1));
        }
        return v[i];
    }
}
