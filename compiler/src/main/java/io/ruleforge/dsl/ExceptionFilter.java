package io.ruleforge.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.rule.ExceptionEntry;
import io.ruleforge.rule.ExceptionItem;
import io.ruleforge.rule.ExceptionLists;
import io.ruleforge.rule.ValueList;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Kibana filter the detection engine adds to a rule's searches for its exception items, as Kibana's
 * {@code buildExceptionFilter} builds it ({@code excludeExceptions: true}): one negated filter whose query is a
 * {@code bool.should} of one clause per item, so an event any item describes is left out. Each item is the
 * {@code bool.filter} of its entries (a single entry stands alone); {@code os_types} repeat the item once per system
 * with {@code host.os.type}, then once per system with {@code host.os.name.caseless} (the Endpoint agent's field).
 * Entries: {@code match} and {@code match_any} are {@code match_phrase} clauses, {@code wildcard} a
 * {@code wildcard} query, {@code exists} an {@code exists} query, {@code excluded} wraps any of them in
 * {@code must_not}, and {@code nested} a {@code nested} query over its entries. Every clause has Kibana's shape and
 * key order; the items come in the rule's list order and each list's file order, where Kibana takes them as its
 * saved-object search returns them — an order of the {@code should} that changes no verdict.
 *
 * <p>A value-list entry is built as Kibana 8's {@code buildListClause} builds it from the list's values: a
 * {@code terms} query ({@code bool.filter}, or {@code bool.must_not} when excluded) for a {@code keyword} or {@code ip}
 * list; for an {@code ip_range} list a {@code range} query ({@code gte}/{@code lte}) per value with a dash and one
 * {@code terms} query of the CIDR blocks, in a {@code bool.should} ({@code bool.must_not} when excluded) with
 * {@code minimum_should_match: 1}. Kibana builds the items without value lists first, then those with; the caller
 * hands over only items Kibana builds ({@link ExceptionLists#whyNotBuilt}).
 */
public final class ExceptionFilter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ExceptionFilter() {
    }

    /**
     * The filter object ({@code meta} and {@code query}) for the items, which {@link KibanaFilters} turns into the
     * search's {@code must_not}; empty when there are no items (Kibana then adds no filter).
     *
     * @param valueLists where the values of the items' value-list entries are
     * @throws IllegalArgumentException for a value-list entry whose list is not in {@code valueLists}
     */
    public static Optional<ObjectNode> of(List<ExceptionItem> items, ExceptionLists valueLists) {
        if (items.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode filter = JSON.objectNode();
        ObjectNode meta = filter.putObject("meta");
        meta.putNull("alias");
        meta.put("disabled", false);
        meta.put("negate", true);
        ArrayNode should = filter.putObject("query").putObject("bool").putArray("should");
        // createOrClauses: the items without value lists, then those with
        Clauses clauses = new Clauses(valueLists);
        for (boolean withList : new boolean[] {false, true}) {
            for (ExceptionItem item : items) {
                if (item.valueListEntry().isPresent() == withList) {
                    clauses.item(item).forEach(should::add);
                }
            }
        }
        return Optional.of(filter);
    }

    /** The clauses of items, with the value lists their entries test. */
    private record Clauses(ExceptionLists valueLists) {

        /** {@code buildExceptionItemFilter}: the item's clauses of the should. */
        List<ObjectNode> item(ExceptionItem item) {
            List<ObjectNode> clauses = new ArrayList<>();
            if (!item.osTypes().isEmpty()) {
                for (String osField : List.of("host.os.type", "host.os.name.caseless")) {
                    for (String os : item.osTypes()) {
                        List<ExceptionEntry> entries = new ArrayList<>();
                        entries.add(new ExceptionEntry.Match(osField, false, os));
                        entries.addAll(item.entries());
                        clauses.add(allOf(entries, null));
                    }
                }
                return clauses;
            }
            if (item.entries().size() == 1) {
                clauses.add(clause(item.entries().get(0), null));
            } else {
                clauses.add(allOf(item.entries(), null));
            }
            return clauses;
        }

        private ObjectNode allOf(List<ExceptionEntry> entries, String parent) {
            ObjectNode bool = JSON.objectNode();
            ArrayNode filter = bool.putObject("bool").putArray("filter");
            entries.forEach(e -> filter.add(clause(e, parent)));
            return bool;
        }

        /** {@code createInnerAndClauses}: one entry, its field below {@code parent} inside a nested entry. */
        private ObjectNode clause(ExceptionEntry entry, String parent) {
            String field = parent == null ? entry.field() : parent + "." + entry.field();
            if (entry instanceof ExceptionEntry.Match m) {
                return excludedOr(m.excluded(), anyPhrase(field, List.of(m.value())));
            }
            if (entry instanceof ExceptionEntry.MatchAny m) {
                return excludedOr(m.excluded(), anyPhrase(field, m.values()));
            }
            if (entry instanceof ExceptionEntry.Wildcard w) {
                ObjectNode clause = JSON.objectNode();
                clause.putObject("bool").putObject("filter").putObject("wildcard").put(field, w.pattern());
                return excludedOr(w.excluded(), clause);
            }
            if (entry instanceof ExceptionEntry.Exists e) {
                ObjectNode exists = JSON.objectNode();
                exists.putObject("exists").put("field", field);
                return excludedOr(e.excluded(), shouldOne(exists));
            }
            if (entry instanceof ExceptionEntry.Nested n) {
                ObjectNode clause = JSON.objectNode();
                ObjectNode nested = clause.putObject("nested");
                nested.put("path", n.field());
                nested.set("query", n.entries().size() == 1 ? clause(n.entries().get(0), n.field()) : allOf(n.entries(), n.field()));
                nested.put("score_mode", "none");
                return clause;
            }
            ExceptionEntry.ValueList list = (ExceptionEntry.ValueList) entry;
            ValueList values = valueLists.valueList(list.listId()).orElseThrow(() -> new IllegalArgumentException(
                    "the value list \"" + list.listId() + "\" is not kept in the project (" + field + ")"));
            return listClause(field, list, values.values());
        }

        /** {@code buildListClause}. */
        private static ObjectNode listClause(String field, ExceptionEntry.ValueList entry, List<String> values) {
            ObjectNode clause = JSON.objectNode();
            ObjectNode bool = clause.putObject("bool");
            if (entry.listType().equals("ip_range")) {
                ArrayNode ranges = bool.putArray(entry.excluded() ? "must_not" : "should");
                List<String> blocks = new ArrayList<>();
                for (String value : values) {
                    if (!value.contains("-")) {
                        blocks.add(value);
                        continue;
                    }
                    // JavaScript's split('-'): the text before the first dash and between it and the next
                    String[] parts = value.split("-", -1);
                    ObjectNode range = ranges.addObject().putObject("range").putObject(field);
                    range.put("gte", parts[0]);
                    range.put("lte", parts[1]);
                }
                if (!blocks.isEmpty()) {
                    ArrayNode terms = ranges.addObject().putObject("terms").putArray(field);
                    blocks.forEach(terms::add);
                }
                bool.put("minimum_should_match", 1);
                return clause;
            }
            ArrayNode terms = bool.putObject(entry.excluded() ? "must_not" : "filter").putObject("terms").putArray(field);
            values.forEach(terms::add);
            return clause;
        }
    }

    /** {@code getBaseMatchAnyClause}: one value is one phrase; several are a should of one-phrase shoulds. */
    private static ObjectNode anyPhrase(String field, List<String> values) {
        if (values.size() == 1) {
            return shouldOne(phrase(field, values.get(0)));
        }
        ObjectNode clause = JSON.objectNode();
        ObjectNode bool = clause.putObject("bool");
        bool.put("minimum_should_match", 1);
        ArrayNode should = bool.putArray("should");
        values.forEach(v -> should.add(shouldOne(phrase(field, v))));
        return clause;
    }

    private static ObjectNode phrase(String field, String value) {
        ObjectNode phrase = JSON.objectNode();
        phrase.putObject("match_phrase").put(field, value);
        return phrase;
    }

    private static ObjectNode shouldOne(JsonNode query) {
        ObjectNode clause = JSON.objectNode();
        ObjectNode bool = clause.putObject("bool");
        bool.put("minimum_should_match", 1);
        bool.putArray("should").add(query);
        return clause;
    }

    /** {@code buildExclusionClause}: {@code must_not} of the clause itself (an object, not an array), when excluded. */
    private static ObjectNode excludedOr(boolean excluded, ObjectNode clause) {
        if (!excluded) {
            return clause;
        }
        ObjectNode not = JSON.objectNode();
        not.putObject("bool").set("must_not", clause);
        return not;
    }
}
