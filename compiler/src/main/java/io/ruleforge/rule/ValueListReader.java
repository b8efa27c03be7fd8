package io.ruleforge.rule;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.Utf8Lines;
import io.ruleforge.net.IpBlock;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the value lists kept below an exception lists folder, {@code value_lists/<type>/<id>}, each file as Kibana's
 * list import reads an uploaded file: line by line, a blank line skipped, a line seen before skipped (its import
 * buffers the lines in a set), each value trimmed. The values of {@code ip} and {@code ip_range} lists must be what
 * Elasticsearch indexes in such a field, or Kibana's import would not keep them: a problem is an error at its line
 * and column ({@code RF2024}).
 */
final class ValueListReader {

    /** The folder below the exception lists folder that holds the value lists. */
    static final String FOLDER = "value_lists";

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
        Set<String> lines = new HashSet<>();
        boolean problem = false;
        for (Utf8Lines.Line line : Utf8Lines.split(file.bytes())) {
            if (!line.isValid()) {
                diagnostics.add(Diagnostic.error(ExceptionListLoader.BAD_LIST, new SourcePosition(file.display(), line.number(),
                        line.badColumn()), String.format("expected UTF-8 text, found the byte 0x%02X", line.badByte())));
                problem = true;
                continue;
            }
            String text = line.text();
            if (text.isBlank() || !lines.add(text)) {
                continue;
            }
            String value = text.trim();
            SourcePosition position = new SourcePosition(file.display(), line.number(), text.indexOf(value.charAt(0)) + 1);
            Optional<String> stored = switch (type) {
                case "ip" -> address(value).isPresent() ? Optional.of(value) : bad(diagnostics, position, "an IP address", value);
                case "ip_range" -> ipRange(value, position, diagnostics);
                default -> Optional.of(value);
            };
            stored.ifPresent(values::add);
            problem |= stored.isEmpty();
        }
        return problem ? Optional.empty() : Optional.of(new ValueList(parts[1], type, values, at));
    }

    /**
     * An {@code ip_range} value as Kibana's list client returns it: its serializer stores {@code a-b} (split at the
     * last dash, each side trimmed) and a single address as {@code gte}/{@code lte}, which read back as {@code a-b}; a
     * CIDR block is stored and returned as written.
     */
    private static Optional<String> ipRange(String value, SourcePosition position, List<Diagnostic> diagnostics) {
        int dash = value.lastIndexOf('-', value.length() - 2);
        if (dash > 0) {
            String gte = value.substring(0, dash).trim();
            String lte = value.substring(dash + 1).trim();
            Optional<BigInteger> from = address(gte);
            Optional<BigInteger> to = address(lte);
            if (from.isEmpty() || to.isEmpty()) {
                return bad(diagnostics, position, "an IP range: first-last address, an address or a CIDR block", value);
            }
            if (from.get().compareTo(to.get()) > 0) {
                return bad(diagnostics, position, "a range whose first address is not above its last", value);
            }
            return Optional.of(gte + "-" + lte);
        }
        if (value.contains("/")) {
            return IpBlock.parse(value).isPresent() ? Optional.of(value)
                    : bad(diagnostics, position, "an IP range: first-last address, an address or a CIDR block", value);
        }
        return address(value).isPresent() ? Optional.of(value + "-" + value)
                : bad(diagnostics, position, "an IP range: first-last address, an address or a CIDR block", value);
    }

    /** A single address as Elasticsearch orders them: IPv4 as its IPv4-mapped IPv6 address. */
    private static Optional<BigInteger> address(String text) {
        if (text.contains("/")) {
            return Optional.empty();
        }
        return IpBlock.parse(text).map(b -> b.bits() == 32 ? b.first().add(BigInteger.valueOf(0xffffL).shiftLeft(32)) : b.first());
    }

    private static Optional<String> bad(List<Diagnostic> diagnostics, SourcePosition position, String expected, String found) {
        diagnostics.add(Diagnostic.error(ExceptionListLoader.BAD_LIST, position, "expected " + expected + " in this "
                + "value list, found \"" + found + "\": Elasticsearch would not index it, and Kibana's import would fail on it"));
        return Optional.empty();
    }
}
