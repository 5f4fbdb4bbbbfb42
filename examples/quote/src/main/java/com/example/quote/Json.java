package com.example.quote;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Just enough JSON for this service, so it needs no library: flat objects whose values are strings, numbers,
 * booleans or null, read and written. Every upstream answer and every response here is one such object.
 */
final class Json {
    private Json() {
    }

    /** The fields of a flat JSON object, in order; numbers as BigDecimal. Anything else is an IllegalArgumentException. */
    static Map<String, Object> parseObject(String text) {
        return new Reader(text).wholeObject();
    }

    /** A flat JSON object of the fields in their order: strings and numbers (BigDecimal written plain). */
    static String write(Map<String, ?> fields) {
        return fields.entrySet().stream()
                .map(field -> quote(field.getKey()) + ":" + value(field.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    static String string(Map<String, Object> fields, String name) {
        if (fields.get(name) instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("field '" + name + "' is missing or not a string");
    }

    static BigDecimal decimal(Map<String, Object> fields, String name) {
        if (fields.get(name) instanceof BigDecimal number) {
            return number;
        }
        throw new IllegalArgumentException("field '" + name + "' is missing or not a number");
    }

    static int integer(Map<String, Object> fields, String name) {
        try {
            return decimal(fields, name).intValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("field '" + name + "' is not a whole number");
        }
    }

    private static String value(Object value) {
        return switch (value) {
            case null -> "null";
            case String text -> quote(text);
            case BigDecimal number -> number.toPlainString();
            case Number number -> number.toString();
            default -> throw new IllegalArgumentException("no JSON for a " + value.getClass().getSimpleName());
        };
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }

    /** A cursor over the text; every method skips the whitespace before what it reads. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        Map<String, Object> wholeObject() {
            Map<String, Object> fields = new LinkedHashMap<>();
            expect('{');
            if (!skip('}')) {
                do {
                    String name = string();
                    expect(':');
                    fields.put(name, value());
                } while (skip(','));
                expect('}');
            }
            skipSpace();
            if (at < text.length()) {
                throw error("text after the object");
            }
            return fields;
        }

        private Object value() {
            skipSpace();
            if (skipWord("true")) {
                return Boolean.TRUE;
            }
            if (skipWord("false")) {
                return Boolean.FALSE;
            }
            if (skipWord("null")) {
                return null;
            }
            return at < text.length() && text.charAt(at) == '"' ? string() : number();
        }

        private String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                char escaped = next();
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'u' -> value.append(unicodeEscape());
                    case '"', '\\', '/' -> value.append(escaped);
                    default -> throw error("unknown escape \\" + escaped);
                }
            }
        }

        private char unicodeEscape() {
            if (at + 4 > text.length()) {
                throw error("a \\u escape needs four hex digits");
            }
            try {
                char c = (char) Integer.parseInt(text.substring(at, at + 4), 16);
                at += 4;
                return c;
            } catch (NumberFormatException e) {
                throw error("a \\u escape needs four hex digits");
            }
        }

        private BigDecimal number() {
            int start = at;
            while (at < text.length() && "+-.eE0123456789".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            try {
                return new BigDecimal(text.substring(start, at));
            } catch (NumberFormatException e) {
                at = start;
                throw error("expected a string, number, true, false or null (nested objects and arrays are not read)");
            }
        }

        private char next() {
            if (at >= text.length()) {
                throw error("unexpected end");
            }
            return text.charAt(at++);
        }

        private void expect(char c) {
            if (!skip(c)) {
                throw error("expected '" + c + "'");
            }
        }

        /** Consumes c (after whitespace) if it is next. */
        private boolean skip(char c) {
            skipSpace();
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private boolean skipWord(String word) {
            if (text.startsWith(word, at)) {
                at += word.length();
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("not a flat JSON object: " + what + " at offset " + at);
        }
    }
}
