package io.ruleforge.rule;

import java.util.List;
import java.util.Objects;

/**
 * One condition of an exception item, as Kibana's exception list API has it ({@code entries[]}): an item excludes an
 * event when all its entries hold. {@code included} entries hold when the event has the value, {@code excluded} ones
 * when it has not.
 */
public sealed interface ExceptionEntry {

    /** The field the entry tests; a nested entry's own entries name theirs relative to it. */
    String field();

    /** {@code type = "match"}: the field has this value (Kibana: {@code match_phrase}). */
    record Match(String field, boolean excluded, String value) implements ExceptionEntry {
        public Match {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code type = "match_any"}: the field has one of these values. */
    record MatchAny(String field, boolean excluded, List<String> values) implements ExceptionEntry {
        public MatchAny {
            Objects.requireNonNull(field, "field");
            values = List.copyOf(values);
        }
    }

    /** {@code type = "wildcard"}: the field matches this Elasticsearch wildcard pattern. */
    record Wildcard(String field, boolean excluded, String pattern) implements ExceptionEntry {
        public Wildcard {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /** {@code type = "exists"}: the field has a value. */
    record Exists(String field, boolean excluded) implements ExceptionEntry {
        public Exists {
            Objects.requireNonNull(field, "field");
        }
    }

    /**
     * {@code type = "list"}: the field's value is in a value list ({@code list.id}, of {@code list.type}): one Kibana
     * keeps, which the project may keep too ({@link ValueList}).
     */
    record ValueList(String field, boolean excluded, String listId, String listType) implements ExceptionEntry {
        public ValueList {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(listId, "listId");
            Objects.requireNonNull(listType, "listType");
        }
    }

    /** {@code type = "nested"}: all of {@code entries} hold for one object of the nested field {@code field}. */
    record Nested(String field, List<ExceptionEntry> entries) implements ExceptionEntry {
        public Nested {
            Objects.requireNonNull(field, "field");
            entries = List.copyOf(entries);
        }
    }
}
