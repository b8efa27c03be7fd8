package io.ruleforge.evaluate.eql;

import io.ruleforge.fields.FieldKind;

import io.ruleforge.net.IpBlock;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/**
 * Converts and compares values for a field kind the way Elasticsearch's term and range queries do on that field
 * type: literals are parsed into the field's type before comparing ({@code destination.ip == "10.0.0.1"} compares
 * addresses, {@code event.code == 4624} on a keyword compares the text {@code "4624"}).
 */
final class Coercion {

    private Coercion() {
    }

    /** The value in the representation of the kind, or null when it cannot be one. */
    static Object to(FieldKind kind, Object value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case KEYWORD, TEXT -> value.toString();
            case NUMBER -> number(value);
            case DATE -> Timestamps.millis(value);
            case BOOLEAN -> value instanceof Boolean ? value
                    : "true".equals(value) ? Boolean.TRUE : "false".equals(value) ? Boolean.FALSE : null;
            case IP, UNMAPPED, CONTAINER, OTHER -> value;
        };
    }

    static Object number(Object value) {
        if (value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                try {
                    return Double.parseDouble(s.strip());
                } catch (NumberFormatException e2) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * Compares a value of a field of the given kind (or any computed value, kind {@link FieldKind#UNMAPPED}) with
     * another value; null when the two cannot be compared.
     */
    static Integer compare(FieldKind kind, Object left, Object right, boolean caseInsensitive) {
        if (left == null || right == null) {
            return null;
        }
        if (kind == FieldKind.IP) {
            return compareIp(left, right);
        }
        Object a = to(kind, left);
        Object b = to(kind, right);
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Number x && b instanceof Number y) {
            if (x instanceof Long lx && y instanceof Long ly) {
                return Long.compare(lx, ly);
            }
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            return null;
        }
        // strings, or a string against a number on an unmapped field: compare the text
        String x = a.toString();
        String y = b.toString();
        if (caseInsensitive) {
            x = x.toLowerCase(Locale.ROOT);
            y = y.toLowerCase(Locale.ROOT);
        }
        return Integer.signum(x.compareTo(y));
    }

    private static Integer compareIp(Object left, Object right) {
        Optional<IpBlock> a = address(left);
        Optional<IpBlock> b = address(right);
        if (a.isEmpty() || b.isEmpty() || a.get().bits() != b.get().bits()) {
            return null;
        }
        BigInteger x = a.get().first();
        return Integer.signum(x.compareTo(b.get().first()));
    }

    private static Optional<IpBlock> address(Object value) {
        return value instanceof String s && !s.contains("/") ? IpBlock.parse(s) : Optional.empty();
    }
}
