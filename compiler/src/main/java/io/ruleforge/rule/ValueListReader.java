package io.ruleforge.rule;

import com.fasterxml.jackson.databind.node.TextNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.fields.DateValues;
import io.ruleforge.fields.NumberTypes;
import io.ruleforge.files.Utf8Lines;
import io.ruleforge.net.IpAddresses;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the value lists kept below an exception lists folder, {@code value_lists/<type>/<id>}, each file as Kibana's
 * list import reads an uploaded file: line by line (a line ends at a line feed, a carriage return or both), a blank
 * line skipped, a line repeated within the import's buffer of 1,000 distinct lines skipped, each value trimmed as
 * JavaScript trims. The values of {@code ip}, {@code ip_range}, numeric, {@code boolean} and date lists must be what
 * Elasticsearch indexes in such a field, or Kibana's import would not keep them: a problem is an error at its line
 * and column ({@code RF2024}). Keyword and text lists take any text; binary (base64), range, geo and shape lists
 * are not checked.
 */
final class ValueListReader {

    /** The last instant a {@code date_nanos} field holds: {@code Long.MAX_VALUE} nanoseconds after 1970. */
    private static final Instant LAST_NANOS_DATE = Instant.ofEpochSecond(0, Long.MAX_VALUE);

    /** The folder below the exception lists folder that holds the value lists. */
    static final String FOLDER = "value_lists";

    /**
     * Kibana's {@code importBufferSize} default: how many distinct lines its import holds before writing them. While
     * a write is under way the import pauses and its set may grow further, so two equal lines further apart can
     * still be merged there: the count here is the most values Kibana's import keeps.
     */
    private static final int IMPORT_BUFFER_SIZE = 1000;

    /**
     * One file below {@code value_lists/}.
     *
     * @param display  its name as messages show it
     * @param relative its path below {@code value_lists/}, with '/': {@code <type>/<id>}
     * @param bytes    its bytes
     */
    record ValueListFile(String display, String relative, byte[] bytes) {
    }

    private ValueListReader() {
    }

    /** The id of the list a file below {@code value_lists/} holds, when it is where a list can be. */
    static Optional<String> idOf(String relative) {
        String[] parts = relative.split("/");
        return parts.length == 2 ? Optional.of(parts[1]) : Optional.empty();
    }

    /** The list in {@code file}, empty when it has a problem, which is added to {@code diagnostics}. */
    static Optional<ValueList> read(ValueListFile file, List<Diagnostic> diagnostics) {
        String[] parts = file.relative().split("/");
        SourcePosition at = new SourcePosition(file.display(), 1, 1);
        if (parts.length != 2) {
            diagnostics.add(Diagnostic.error(ExceptionListLoader.BAD_LIST, at, "expected a value list at " + FOLDER
                    + "/<type>/<list id>, one folder per list type, found " + FOLDER + "/" + file.relative()));
            return Optional.empty();
        }
        String type = parts[0];
        if (!ValueList.TYPES.contains(type)) {
            diagnostics.add(Diagnostic.error(ExceptionListLoader.BAD_LIST, at, "expected the folder of a value list to be"
                    + " named after its type (keyword, ip, ip_range, text, or another of Kibana's list types), found \"" + type + "\""));
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        Set<String> buffered = new HashSet<>();
        boolean problem = false;
        for (Utf8Lines.Line physical : Utf8Lines.split(file.bytes())) {
            if (!physical.isValid()) {
                diagnostics.add(Diagnostic.error(ExceptionListLoader.BAD_LIST, new SourcePosition(file.display(), physical.number(),
                        physical.badColumn()), physical.problem()));
                problem = true;
                continue;
            }
            // node's readline, which Kibana's import reads with, also ends a line at a lone carriage return
            int from = 0;
            for (String text : physical.text().split("\r", -1)) {
                int column = from + 1;
                from += text.length() + 1;
                if (jsTrim(text).isEmpty()) {
                    continue;
                }
                // BufferLines: a set of the raw lines, emptied whenever it outgrows the import buffer
                if (!buffered.add(text)) {
                    continue;
                }
                if (buffered.size() > IMPORT_BUFFER_SIZE) {
                    buffered.clear();
                }
                String value = jsTrim(text);
                SourcePosition position = new SourcePosition(file.display(), physical.number(), column + text.indexOf(value));
                Optional<String> stored = switch (type) {
                    case "ip" -> IpAddresses.parse(value).isPresent() ? Optional.of(value) : bad(diagnostics, position, "an IP address", value);
                    case "ip_range" -> ipRange(value, position, diagnostics);
                    case "byte", "short", "integer", "long", "float", "half_float", "double" ->
                            NumberTypes.indexable(type, TextNode.valueOf(value)) ? Optional.of(value)
                                    : bad(diagnostics, position, "a number within the range of " + type, value);
                    case "boolean" -> value.equals("true") || value.equals("false") ? Optional.of(value)
                            : bad(diagnostics, position, "true or false", value);
                    case "date" -> DateValues.parse(value, DateValues.DEFAULT, ZoneOffset.UTC).isPresent()
                            ? Optional.of(value) : bad(diagnostics, position, "a date (\"2024-05-01T12:00:00Z\" or epoch milliseconds)", value);
                    // nanoseconds since 1970 in a long: Elasticsearch refuses a date_nanos before 1970 or after 2262
                    case "date_nanos" -> DateValues.parse(value, DateValues.DEFAULT, ZoneOffset.UTC)
                            .filter(d -> !d.earliest().isBefore(Instant.EPOCH) && !d.earliest().isAfter(LAST_NANOS_DATE)).isPresent()
                            ? Optional.of(value) : bad(diagnostics, position, "a date from 1970 to 2262 (\"2024-05-01T12:00:00Z\" or"
                            + " epoch milliseconds)", value);
                    // (the list item index maps its dates without a format: Elasticsearch's default)
                    // keyword and text take any text; binary, ranges, geo points and shapes are not checked here
                    default -> Optional.of(value);
                };
                stored.ifPresent(values::add);
                problem |= stored.isEmpty();
            }
        }
        return problem ? Optional.empty() : Optional.of(new ValueList(parts[1], type, values, at));
    }

    /**
     * JavaScript's {@code String.prototype.trim}, which Kibana trims each line and value with: it strips the
     * ECMAScript white space (tab, vertical tab, form feed, no-break space, the byte-order mark and every Unicode
     * space separator) and line terminators, where Java's {@code trim} strips every control character and no
     * no-break space.
     */
    static String jsTrim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isJsWhiteSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isJsWhiteSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isJsWhiteSpace(char c) {
        return c == '\t' || c == '\u000B' || c == '\f' || c == '\uFEFF' || c == '\n' || c == '\r' || c == '\u2028'
                || c == '\u2029' || Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    /**
     * An {@code ip_range} value as Kibana's list client returns it: its serializer stores {@code a-b} (split at the
     * last dash, each side trimmed) and a single address as {@code gte}/{@code lte}, which read back as {@code a-b}; a
     * CIDR block is stored and returned as written. Elasticsearch must take each address as an {@code ip_range}
     * field does: no leading zeros, no host names.
     */
    private static Optional<String> ipRange(String value, SourcePosition position, List<Diagnostic> diagnostics) {
        String expected = "an IP range: first-last address, an address or a CIDR block";
        int dash = value.lastIndexOf('-', value.length() - 2);
        if (dash > 0) {
            String gte = jsTrim(value.substring(0, dash));
            String lte = jsTrim(value.substring(dash + 1));
            Optional<byte[]> from = IpAddresses.parse(gte);
            Optional<byte[]> to = IpAddresses.parse(lte);
            if (from.isEmpty() || to.isEmpty()) {
                return bad(diagnostics, position, expected, value);
            }
            if (Arrays.compareUnsigned(from.get(), to.get()) > 0) {
                return bad(diagnostics, position, "a range whose first address is not above its last", value);
            }
            return Optional.of(gte + "-" + lte);
        }
        if (value.contains("/")) {
            try {
                IpAddresses.parseTermValue(value);
                return Optional.of(value);
            } catch (IllegalArgumentException e) {
                return bad(diagnostics, position, expected, value);
            }
        }
        return IpAddresses.parse(value).isPresent() ? Optional.of(value + "-" + value) : bad(diagnostics, position, expected, value);
    }

    private static Optional<String> bad(List<Diagnostic> diagnostics, SourcePosition position, String expected, String found) {
        diagnostics.add(Diagnostic.error(ExceptionListLoader.BAD_LIST, position, "expected " + expected + " in this "
                + "value list, found \"" + found + "\": Elasticsearch would not index it, and Kibana's import would fail on it"));
        return Optional.empty();
    }
}
