package io.ruleforge.esql;

import java.util.Optional;

/**
 * The ES|QL syntax a query is parsed with, chosen like the Kibana version for KQL: {@code INLINE STATS}, the
 * {@code RENAME new = old} form and {@code LIMIT} with a parameter are 9.x only; everything Elastic's 8.19-compatible
 * rules use parses under both.
 */
public enum EsqlVersion {
    V8_19("8.19"),
    V9("9.x");

    /** Elastic's current rules use 9.x syntax (INLINE STATS, COMPLETION); 8.19 is selected explicitly. */
    public static final EsqlVersion DEFAULT = V9;

    private final String label;

    EsqlVersion(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean atLeast9() {
        return this == V9;
    }

    /** {@code 8.19}, {@code 9}, {@code 9.1} …; earlier than 8.19 is not supported (ES|QL changed too much). */
    public static Optional<EsqlVersion> parse(String text) {
        String t = text.strip();
        if (t.equals("8.19") || t.startsWith("8.19.")) {
            return Optional.of(V8_19);
        }
        if (t.equals("9") || t.startsWith("9.") || t.equals("9.x")) {
            return Optional.of(V9);
        }
        return Optional.empty();
    }
}
