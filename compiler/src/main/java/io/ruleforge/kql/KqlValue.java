package io.ruleforge.kql;

import io.ruleforge.ql.SourceSpan;

import java.util.List;

/** A field name or a value in KQL: a literal or a pattern with wildcards. */
public sealed interface KqlValue permits KqlValue.Literal, KqlValue.Wildcard {

    SourceSpan span();

    /**
     * A literal after escape processing. {@code value} is a {@link String}, {@link Boolean} or null (the unquoted
     * words {@code true}, {@code false}, {@code null}); {@code quoted} tells whether it was written in double quotes.
     */
    record Literal(Object value, boolean quoted, SourceSpan span) implements KqlValue {

        /** The value as text, as Kibana turns it into a string ("null" for null). */
        public String text() {
            return String.valueOf(value);
        }
    }

    /**
     * An unquoted term with at least one unescaped {@code *}: {@code a*b\*} is {@code [Text("a"), Star, Text("b*")]}
     * (escapes already resolved in the text parts).
     */
    record Wildcard(List<Part> parts, SourceSpan span) implements KqlValue {
        public Wildcard {
            parts = List.copyOf(parts);
        }

        public boolean isLoneStar() {
            return parts.size() == 1 && parts.get(0) instanceof Star;
        }
    }

    /** One piece of a wildcard pattern. */
    sealed interface Part permits Text, Star {
    }

    record Text(String text) implements Part {
    }

    /** One unescaped {@code *}: any sequence of characters, possibly empty. */
    record Star() implements Part {
    }
}
