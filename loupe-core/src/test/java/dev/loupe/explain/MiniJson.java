package dev.loupe.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the reference manifest in tests (loupe-core has no dependencies): objects become
 * {@code Map<String, Object>}, arrays {@code List<Object>}, numbers {@code Double}, plus strings, booleans and null.
 */
final class MiniJson {
    private final String s;
    private int at;

    private MiniJson(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        MiniJson j = new MiniJson(text);
        Object v = j.value();
        j.space();
        if (j.at != text.length()) {
            throw new IllegalArgumentException("trailing text at " + j.at);
        }
        return v;
    }

    private void space() {
        while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
            at++;
        }
    }

    private Object value() {
        space();
        char c = s.charAt(at);
        if (c == '{') {
            Map<String, Object> m = new LinkedHashMap<>();
            at++;
            space();
            if (s.charAt(at) == '}') {
                at++;
                return m;
            }
            while (true) {
                space();
                String key = string();
                space();
                expect(':');
                m.put(key, value());
                space();
                if (s.charAt(at++) == '}') {
                    return m;
                }
            }
        }
        if (c == '[') {
            List<Object> l = new ArrayList<>();
            at++;
            space();
            if (s.charAt(at) == ']') {
                at++;
                return l;
            }
            while (true) {
                l.add(value());
                space();
                if (s.charAt(at++) == ']') {
                    return l;
                }
            }
        }
        if (c == '"') {
            return string();
        }
        for (String word : new String[] {"true", "false", "null", "NaN"}) {
            if (s.startsWith(word, at)) {
                at += word.length();
                return switch (word) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    case "NaN" -> Double.NaN;
                    default -> null;
                };
            }
        }
        int start = at;
        while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) {
            at++;
        }
        return Double.parseDouble(s.substring(start, at));
    }

    private void expect(char c) {
        if (s.charAt(at++) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + (at - 1));
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = s.charAt(at++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                char e = s.charAt(at++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
    }
}
