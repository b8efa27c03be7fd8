package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.AsciiCase;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;

import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * A condition a rule's query requires of an event: one of {@code terms} among the values of the keyword
 * {@code field} (ASCII letters folded when {@code caseInsensitive}, as a query's case_insensitive folds them). Replay
 * uses it to spare a rule the events that cannot match it; a value it does not look up (a number or boolean in a
 * keyword field) is never taken to miss.
 */
record RequiredTerms(String field, Set<String> terms, boolean caseInsensitive) {

    /**
     * ECS's categorization fields and the like: a handful of values each, so a condition on another field (a process
     * or file name) picks out far fewer events.
     */
    private static final Set<String> FEW_VALUED = Set.of("event.kind", "event.category", "event.type", "event.outcome",
            "event.module", "event.dataset", "data_stream.dataset", "data_stream.type", "host.os.type", "host.os.family",
            "host.os.platform", "agent.type");

    /** The condition expected to pick out fewer events first: on a field not few-valued, then with fewer terms. */
    static final Comparator<RequiredTerms> MORE_SELECTIVE = Comparator
            .comparing((RequiredTerms r) -> FEW_VALUED.contains(r.field())).thenComparingInt(r -> r.terms().size());

    /**
     * A keyword field compared as written and read where it is named: not an alias, no normalizer, not a multi-field
     * (whose values are its parent's: {@code foo.keyword} of a text {@code foo}), not under a nested object.
     */
    static boolean plainKeyword(FieldSchema schema, String path) {
        Optional<FieldMapping> m = schema.field(path);
        return m.isPresent() && !m.get().isAlias() && m.get().type().equals("keyword") && m.get().normalizer().name().isEmpty()
                && schema.sourcePathOf(path).equals(path) && schema.nestedPathOf(path).isEmpty();
    }

    /** Whether the event may meet the condition: it holds one of the terms, or a value not looked up. */
    boolean mayHold(JsonNode event) {
        return mayHoldAmong(EventFields.values(event, field));
    }

    /** As {@link #mayHold}, given the values the event holds in {@link #field}. */
    boolean mayHoldAmong(java.util.List<JsonNode> values) {
        for (JsonNode value : values) {
            if (value.isTextual() ? terms.contains(caseInsensitive ? AsciiCase.lower(value.textValue()) : value.textValue())
                    : value.isValueNode()) {
                return true;
            }
        }
        return false;
    }
}
