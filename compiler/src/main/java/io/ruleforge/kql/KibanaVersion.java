package io.ruleforge.kql;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Kibana release whose KQL behaviour (grammar and DSL) is reproduced. See KQL_SPEC §1 for what differs.
 */
public enum KibanaVersion {
    /** 7.13–7.17: n-ary and/or, strings only, `\\uXXXX` only in unquoted terms, no field-type specific queries. */
    V7_17("7.17"),
    /** 8.9 (and, for KQL, up to 8.11 — see V8_10): keyword fields get term/wildcard; keyword wildcard values are passed through unescaped. */
    V8_9("8.9"),
    /**
     * 8.10–8.11: KQL as in 8.9; indicator match searches a single-entry threat mapping with its {@code terms}
     * shortcut (the only difference, outside KQL, that verdicts depend on).
     */
    V8_10("8.10"),
    /** 8.12 and later: keyword wildcard values are query_string-escaped. The default. */
    V8_12("8.12");

    public static final KibanaVersion DEFAULT = V8_12;

    private final String label;

    KibanaVersion(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Accepts "8.12", "8.13", "8.9", "8.10", "7.17" …: the closest mode at or below the given version. */
    public static Optional<KibanaVersion> parse(String text) {
        String[] parts = text.trim().split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            if (major >= 9 || (major == 8 && minor >= 12)) {
                return Optional.of(V8_12);
            }
            if (major == 8 && minor >= 10) {
                return Optional.of(V8_10);
            }
            if (major == 8 && minor >= 9) {
                return Optional.of(V8_9);
            }
            if (major == 7 && minor >= 13) {
                return Optional.of(V7_17);
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public static String supported() {
        return Arrays.stream(values()).map(KibanaVersion::label).collect(Collectors.joining(", "));
    }

    public boolean atLeast(KibanaVersion other) {
        return compareTo(other) >= 0;
    }
}
