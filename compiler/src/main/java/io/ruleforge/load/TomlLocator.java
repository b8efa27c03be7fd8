package io.ruleforge.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.JsonPointers;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds where each value of a TOML document stands in the file.
 *
 * <p>Jackson's TOML module parses into a tree and hands out no locations for values, so this small scanner
 * walks the same (already validated) text once more and records, per JSON Pointer, the offset of each value and,
 * for strings, the file offset of every decoded character. It never decides what the document means: Jackson
 * does. On text it does not understand it stops, and the positions found so far remain usable.
 */
final class TomlLocator {

    private static final char SEP = '\u0000';
    private static final Pattern DECIMAL_INTEGER = Pattern.compile("[+-]?[0-9]+(_[0-9]+)*");

    private final String text;
    private final SourceMap.Builder out;
    /** For each array of tables (keys joined by NUL), the index of its current (last) element. */
    private final Map<String, Integer> arrayTableIndex = new HashMap<>();
    private int pos;
    private String tablePointer = "";
    /** The first key/value whose key was already defined; Jackson only says "Duplicate key". */
    private Duplicate duplicate;
    /** Every integer literal as written, by pointer: Jackson's TOML parser drops the sign of long-overflowing ones. */
    private final Map<String, String> integerLiterals = new HashMap<>();
    /** Where a value first nests deeper than the loader allows (Jackson says how deep, not where), or -1. */
    private int tooDeepOffset = -1;

    /** A key defined twice: where the second definition stands, and where the first did. */
    record Duplicate(String pointer, int offset, int firstOffset) {
    }

    private TomlLocator(String file, String text) {
        this.text = text;
        this.out = new SourceMap.Builder(file, text);
    }

    /** Only misread integers are replaced: the others keep the node type Jackson chose (int, long). */
    private static boolean misread(JsonNode node, BigInteger exact) {
        return node.isIntegralNumber() && !node.bigIntegerValue().equals(exact);
    }

    static SourceMap locate(String file, String text) {
        return run(file, text).out.build();
    }

    /**
     * The positions of a parsed document, with its integers restored to the values written: Jackson's TOML module
     * (2.18) reads {@code -9223372036854775809} as 9223372036854775809 and {@code -9223372036854775808} as
     * -6854775808, so messages would name a number nobody wrote and a range check could pass a wrong value.
     */
    static SourceMap locateAndRestoreIntegers(String file, String text, ObjectNode tree) {
        TomlLocator locator = run(file, text);
        locator.integerLiterals.forEach((pointer, literal) -> restore(tree, pointer, literal));
        return locator.out.build();
    }

    private static void restore(ObjectNode tree, String pointer, String literal) {
        if (!DECIMAL_INTEGER.matcher(literal).matches()) {
            return; // hex, octal, binary (unsigned in TOML), floats, dates and booleans are read correctly
        }
        JsonNode parent = tree.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String key = pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
        BigInteger exact = new BigInteger(literal.replace("_", "").replace("+", ""));
        JsonNode value = exact.bitLength() < 64 ? JsonNodeFactory.instance.numberNode(exact.longValue())
                : JsonNodeFactory.instance.numberNode(exact);
        if (parent instanceof ObjectNode object && misread(object.path(key), exact)) {
            object.set(key, value);
        } else if (parent instanceof ArrayNode array && key.chars().allMatch(Character::isDigit)
                && Integer.parseInt(key) < array.size() && misread(array.get(Integer.parseInt(key)), exact)) {
            array.set(Integer.parseInt(key), value);
        }
    }

    /** A key defined twice: its dotted name, where the second definition stands and where the first did. */
    record DuplicateKey(String key, SourcePosition at, SourcePosition first) {
    }

    /** Finds a key defined twice, for the duplicate-key error Jackson reports without a position. */
    static Optional<DuplicateKey> findDuplicateKey(String file, String text) {
        TomlLocator locator = run(file, text);
        Duplicate d = locator.duplicate;
        if (d == null) {
            return Optional.empty();
        }
        LineIndex lines = locator.out.lines();
        return Optional.of(new DuplicateKey(d.pointer().substring(1).replace('/', '.'),
                new SourcePosition(file, lines.line(d.offset()), lines.column(d.offset())),
                new SourcePosition(file, lines.line(d.firstOffset()), lines.column(d.firstOffset()))));
    }

    /** Where a value first nests deeper than {@link YamlDocumentReader#MAX_DEPTH} levels below the root. */
    static Optional<SourcePosition> findTooDeep(String file, String text) {
        TomlLocator locator = run(file, text);
        if (locator.tooDeepOffset < 0) {
            return Optional.empty();
        }
        LineIndex lines = locator.out.lines();
        return Optional.of(new SourcePosition(file, lines.line(locator.tooDeepOffset), lines.column(locator.tooDeepOffset)));
    }

    private static TomlLocator run(String file, String text) {
        TomlLocator locator = new TomlLocator(file, text);
        try {
            locator.document();
        } catch (RuntimeException stop) {
            // Positions are a convenience for messages; the document itself was parsed by Jackson already.
        }
        return locator;
    }

    private void document() {
        while (true) {
            skipBlankAndComments();
            if (pos >= text.length()) {
                return;
            }
            if (peek() == '[') {
                header();
            } else {
                keyValue(tablePointer);
            }
        }
    }

    private void header() {
        int start = pos;
        boolean arrayTable = text.startsWith("[[", pos);
        pos += arrayTable ? 2 : 1;
        List<String> keys = keys();
        pos += arrayTable ? 2 : 1;
        StringBuilder pointer = new StringBuilder();
        StringBuilder canonical = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                canonical.append(SEP);
            }
            canonical.append(keys.get(i));
            pointer.append('/').append(JsonPointers.segment(keys.get(i)));
            boolean last = i == keys.size() - 1;
            if (last && arrayTable) {
                String key = canonical.toString();
                out.value(pointer.toString(), start);
                arrayTableIndex.keySet().removeIf(k -> k.startsWith(key + SEP));
                int index = arrayTableIndex.merge(key, 0, (previous, zero) -> previous + 1);
                pointer.append('/').append(index);
            } else {
                Integer index = arrayTableIndex.get(canonical.toString());
                if (index != null) {
                    pointer.append('/').append(index);
                }
            }
        }
        tablePointer = pointer.toString();
        out.value(tablePointer, start);
    }

    private void keyValue(String base) {
        int keyStart = pos;
        List<String> keys = keys();
        StringBuilder pointer = new StringBuilder(base);
        for (String k : keys) {
            pointer.append('/').append(JsonPointers.segment(k));
        }
        skipSpaces();
        expect('=');
        skipSpaces();
        String key = pointer.toString();
        if (duplicate == null && out.knows(key)) {
            duplicate = new Duplicate(key, keyStart, out.offsetOf(key));
        }
        value(key);
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        while (true) {
            skipSpaces();
            char c = peek();
            if (c == '"') {
                keys.add(new String(basicString(null)));
            } else if (c == '\'') {
                keys.add(literalString(null));
            } else {
                int s = pos;
                while (pos < text.length() && isBareKeyChar(text.charAt(pos))) {
                    pos++;
                }
                if (s == pos) {
                    throw new IllegalStateException("key expected at " + pos);
                }
                keys.add(text.substring(s, pos));
            }
            skipSpaces();
            if (pos < text.length() && peek() == '.') {
                pos++;
            } else {
                return keys;
            }
        }
    }

    private void value(String pointer) {
        // Levels below the root, as the YAML reader counts them: [rule] is 1, its keys' values 2, and so on.
        if (pointer.chars().filter(ch -> ch == '/').count() > YamlDocumentReader.MAX_DEPTH) {
            tooDeepOffset = pos;
            throw new IllegalStateException("nesting too deep at " + pos);
        }
        char c = peek();
        if (c == '"' || c == '\'') {
            out.value(pointer, pos);
            Offsets offsets = new Offsets();
            if (text.startsWith("\"\"\"", pos)) {
                multiLineString('"', offsets);
            } else if (text.startsWith("'''", pos)) {
                multiLineString('\'', offsets);
            } else if (c == '"') {
                basicString(offsets);
            } else {
                literalString(offsets);
            }
            out.string(pointer, offsets.toCharOffsets());
        } else if (c == '[') {
            out.value(pointer, pos);
            pos++;
            int index = 0;
            while (true) {
                skipBlankAndComments();
                if (peek() == ']') {
                    pos++;
                    return;
                }
                value(pointer + "/" + index++);
                skipBlankAndComments();
                if (peek() == ',') {
                    pos++;
                }
            }
        } else if (c == '{') {
            out.value(pointer, pos);
            pos++;
            while (true) {
                skipSpaces();
                if (peek() == '}') {
                    pos++;
                    return;
                }
                keyValue(pointer);
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                }
            }
        } else {
            out.value(pointer, pos);
            int start = pos;
            while (pos < text.length() && ",]}#\r\n".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            integerLiterals.put(pointer, text.substring(start, pos).strip());
        }
    }

    /** A single-line basic string; returns its decoded characters and records their offsets when asked. */
    private char[] basicString(Offsets offsets) {
        StringBuilder decoded = new StringBuilder();
        pos++;
        while (peek() != '"') {
            escapeOrChar(decoded, offsets);
        }
        pos++;
        end(offsets);
        return decoded.toString().toCharArray();
    }

    private String literalString(Offsets offsets) {
        int s = ++pos;
        while (peek() != '\'') {
            if (offsets != null) {
                offsets.add(pos);
            }
            pos++;
        }
        String result = text.substring(s, pos);
        pos++;
        end(offsets);
        return result;
    }

    private void multiLineString(char quote, Offsets offsets) {
        pos += 3;
        // A newline right after the opening delimiter is not part of the string.
        if (text.startsWith("\r\n", pos)) {
            pos += 2;
        } else if (peek() == '\n') {
            pos++;
        }
        while (true) {
            char c = peek();
            if (c == quote && pos + 2 < text.length() && text.charAt(pos + 1) == quote && text.charAt(pos + 2) == quote) {
                int run = 0;
                while (pos + run < text.length() && text.charAt(pos + run) == quote) {
                    run++;
                }
                // Up to two quotes right before the closing delimiter belong to the content.
                for (int i = 0; i < run - 3; i++) {
                    offsets.add(pos + i);
                }
                offsets.add(pos + run - 3);
                pos += run;
                return;
            }
            if (quote == '"' && c == '\\' && isLineEndingBackslash()) {
                pos++;
                while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
                    pos++;
                }
            } else if (quote == '"') {
                escapeOrChar(null, offsets);
            } else {
                offsets.add(pos);
                pos++;
            }
        }
    }

    private boolean isLineEndingBackslash() {
        int p = pos + 1;
        while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
            p++;
        }
        return p < text.length() && (text.charAt(p) == '\n' || text.charAt(p) == '\r');
    }

    /** Decodes one character or escape into {@code decoded} (when given) and records its offsets (when asked). */
    private void escapeOrChar(StringBuilder decoded, Offsets offsets) {
        int start = pos;
        char c = text.charAt(pos++);
        if (c != '\\') {
            if (decoded != null) {
                decoded.append(c);
            }
            if (offsets != null) {
                offsets.add(start);
            }
            return;
        }
        char e = text.charAt(pos++);
        String produced = switch (e) {
            case 'b' -> "\b";
            case 't' -> "\t";
            case 'n' -> "\n";
            case 'f' -> "\f";
            case 'r' -> "\r";
            case 'e' -> "\u001b";
            case 'u' -> codePoint(4);
            case 'U' -> codePoint(8);
            case 'x' -> codePoint(2);
            default -> String.valueOf(e);
        };
        if (decoded != null) {
            decoded.append(produced);
        }
        if (offsets != null) {
            for (int i = 0; i < produced.length(); i++) {
                offsets.add(start);
            }
        }
    }

    private String codePoint(int digits) {
        int cp = Integer.parseInt(text.substring(pos, pos + digits), 16);
        pos += digits;
        return new String(Character.toChars(cp));
    }

    private void end(Offsets offsets) {
        if (offsets != null) {
            // One entry past the last character: where "end of input" errors point.
            offsets.add(pos - 1);
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void skipBlankAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw new IllegalStateException("unexpected end of document");
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalStateException("'" + c + "' expected at " + pos);
        }
        pos++;
    }

    private static boolean isBareKeyChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /**
     * The file offsets of a string's decoded characters, collected as runs of consecutive offsets while the string
     * is read: one int per character of every rule's description and query (a buffer grown by doubling, then
     * copied) was the largest allocation of loading the corpus, and a string without escapes is a single run.
     */
    private static final class Offsets {
        private int length;
        private int last;
        private int runs;
        private int[] runStarts = new int[4];
        private int[] runOffsets = new int[4];

        void add(int offset) {
            if (length == 0 || offset != last + 1) {
                if (runs == runStarts.length) {
                    runStarts = java.util.Arrays.copyOf(runStarts, runs * 2);
                    runOffsets = java.util.Arrays.copyOf(runOffsets, runs * 2);
                }
                runStarts[runs] = length;
                runOffsets[runs++] = offset;
            }
            last = offset;
            length++;
        }

        SourceMap.CharOffsets toCharOffsets() {
            return new SourceMap.CharOffsets(length, java.util.Arrays.copyOf(runStarts, runs),
                    java.util.Arrays.copyOf(runOffsets, runs));
        }
    }
}
