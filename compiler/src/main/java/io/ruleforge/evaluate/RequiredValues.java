package io.ruleforge.evaluate;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A necessary condition of a compiled query: it can only match an event holding, in at least one of these keyword
 * fields, one of the listed indexed terms (e.g. {@code event.category ∈ {process}}). Exact, not a heuristic: each
 * pair comes from a required (or every optional) {@code term}/{@code match} on a field the schema maps as keyword,
 * where Elasticsearch compares the whole value case-sensitively. An empty condition means "no such condition".
 *
 * @param anyOf field → terms; the event must have one listed term in one listed field
 */
public record RequiredValues(Map<String, Set<String>> anyOf) {

    static final RequiredValues NONE = new RequiredValues(Map.of());

    public RequiredValues {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        anyOf.forEach((field, terms) -> copy.put(field, Set.copyOf(terms)));
        anyOf = java.util.Collections.unmodifiableMap(copy);
    }

    static RequiredValues of(String field, Set<String> terms) {
        return new RequiredValues(Map.of(field, terms));
    }

    public boolean isNone() {
        return anyOf.isEmpty();
    }

    /** How many (field, term) pairs: fewer is more selective. */
    int size() {
        return anyOf.values().stream().mapToInt(Set::size).sum();
    }

    /** Either condition holding: the union of both lists. */
    RequiredValues or(RequiredValues other) {
        Map<String, Set<String>> union = new LinkedHashMap<>();
        for (RequiredValues r : new RequiredValues[]{this, other}) {
            r.anyOf.forEach((field, terms) -> union.computeIfAbsent(field, f -> new LinkedHashSet<>()).addAll(terms));
        }
        return new RequiredValues(union);
    }
}
