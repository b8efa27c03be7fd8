package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code bool} query: every must/filter clause, no must_not clause, and at least minimum_should_match should
 * clauses (default 1 when there are should clauses and no must/filter, else 0; none when the bool has neither, as
 * {@link MinimumShouldMatch#ofBool} says). Every clause is evaluated even
 * after the verdict is known, so that a clause Elasticsearch would reject is always reported.
 */
final class BoolQuery {

    /** Evaluates one child clause at a path. */
    interface Clauses {
        ClauseVerdict evaluate(JsonNode clause, String where);
    }

    private record Child(String occur, ClauseVerdict outcome) {
    }

    private BoolQuery() {
    }

    static ClauseVerdict evaluate(JsonNode body, String where, Clauses clauses) {
        if (!body.isObject()) {
            throw new IllegalArgumentException("[bool] query malformed, expected an object");
        }
        String self = ClauseVerdict.child(where, "bool");
        List<Child> children = new ArrayList<>();
        JsonNode minimumShouldMatch = null;
        Iterator<Map.Entry<String, JsonNode>> it = body.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            switch (key) {
                case "must", "filter", "should", "must_not" -> {
                    JsonNode v = e.getValue();
                    if (v.isArray()) {
                        for (int i = 0; i < v.size(); i++) {
                            String at = self + "." + key + "[" + i + "]";
                            children.add(new Child(key, clauses.evaluate(v.get(i), at)));
                        }
                    } else if (v.isObject()) {
                        children.add(new Child(key, clauses.evaluate(v, self + "." + key)));
                    } else {
                        throw new IllegalArgumentException("[bool] query does not support [" + key + "] of " + v.getNodeType());
                    }
                }
                case "minimum_should_match" -> minimumShouldMatch = e.getValue();
                case "boost", "_name", "adjust_pure_negative" -> { }
                default -> throw new IllegalArgumentException("[bool] query does not support [" + key + "]");
            }
        }
        return decide(children, minimumShouldMatch, where);
    }

    private static ClauseVerdict decide(List<Child> children, JsonNode minimumShouldMatchSpec, String where) {
        // one pass, no streams: Kibana wraps every leaf in a bool, so this runs once per clause of the query
        List<ClauseVerdict> required = new ArrayList<>();
        List<ClauseVerdict> excluded = new ArrayList<>();
        List<ClauseVerdict> should = new ArrayList<>();
        ClauseVerdict failedRequired = null;
        ClauseVerdict matchedExcluded = null;
        List<ClauseVerdict> matchedShould = new ArrayList<>();
        for (Child c : children) {
            ClauseVerdict o = c.outcome();
            switch (c.occur()) {
                case "must", "filter" -> {
                    required.add(o);
                    failedRequired = failedRequired == null && !o.matched() ? o : failedRequired;
                }
                case "must_not" -> {
                    excluded.add(o);
                    matchedExcluded = matchedExcluded == null && o.matched() ? o : matchedExcluded;
                }
                default -> {
                    should.add(o);
                    if (o.matched()) {
                        matchedShould.add(o);
                    }
                }
            }
        }
        int minimumShouldMatch = MinimumShouldMatch.ofBool(minimumShouldMatchSpec, should.size(), required.size(), excluded.size());
        // A bool holding a single clause (Kibana wraps every leaf that way) explains itself through that clause.
        boolean transparent = children.size() == 1 && excluded.isEmpty() && minimumShouldMatch <= 1;
        String self = ClauseVerdict.child(where, "bool");

        boolean matched = failedRequired == null && matchedExcluded == null && matchedShould.size() >= minimumShouldMatch;
        if (transparent && children.get(0).outcome().matched() == matched) {
            return children.get(0).outcome().at(where);
        }
        if (failedRequired != null) {
            return failedRequired;
        }
        if (matchedExcluded != null) {
            return new ClauseVerdict(false, matchedExcluded.path(), matchedExcluded.detail());
        }
        if (!matched) {
            if (matchedShould.isEmpty() && minimumShouldMatch == 1) {
                Optional<ClauseVerdict> asOne = valueList(should, where);
                if (asOne.isPresent()) {
                    return asOne.get();
                }
            }
            return new ClauseVerdict(false, self + ".should", matchedShould.size() + " of " + should.size()
                    + " should clauses matched, minimum_should_match is " + minimumShouldMatch);
        }
        if (minimumShouldMatch > 0) {
            return matchedShould.get(0);
        }
        if (!required.isEmpty()) {
            return new ClauseVerdict(true, self, "all " + required.size() + " must/filter clauses matched"
                    + (excluded.isEmpty() ? "" : " and no must_not clause"));
        }
        if (!excluded.isEmpty()) {
            return new ClauseVerdict(true, self, "none of " + excluded.size() + " must_not clauses matched");
        }
        return new ClauseVerdict(true, self, should.isEmpty() ? "bool without clauses matches every document"
                : "no should clause is required (minimum_should_match 0)");
    }

    /** How many values of a list an explanation names before it says how many there are. */
    private static final int MAX_SHOWN_VALUES = 8;

    /**
     * A should none of whose clauses matched, all on one field — what Kibana makes of {@code f:(a or b)} — is
     * explained as the value list it was written as: {@code no value of f equals any of "a", "b" (f: "A"; …)}. Clauses
     * that all failed for one reason (the field is missing) give that reason.
     */
    private static Optional<ClauseVerdict> valueList(List<ClauseVerdict> should, String where) {
        if (should.stream().map(ClauseVerdict::detail).distinct().count() == 1) {
            return Optional.of(new ClauseVerdict(false, where, should.get(0).detail()));
        }
        List<ClauseVerdict.Miss> misses = should.stream().flatMap(o -> o.miss().stream()).toList();
        if (misses.size() != should.size() || misses.stream().map(ClauseVerdict.Miss::field).distinct().count() != 1) {
            return Optional.empty();
        }
        ClauseVerdict.Miss first = misses.get(0);
        boolean oneVerb = misses.stream().map(ClauseVerdict.Miss::verb).distinct().count() == 1;
        // a long list is cut here rather than at the end of the line, where the event's values are
        List<ClauseVerdict.Miss> shown = misses.subList(0, Math.min(misses.size(), MAX_SHOWN_VALUES));
        String more = misses.size() > shown.size() ? ", … (" + misses.size() + " values)" : "";
        String wanted = oneVerb
                ? first.verb() + " any of " + shown.stream().map(ClauseVerdict.Miss::wanted).collect(Collectors.joining(", ")) + more
                : shown.stream().map(m -> m.verb() + " " + m.wanted()).collect(Collectors.joining(" or ")) + more;
        String caseOnly = misses.stream().map(ClauseVerdict.Miss::caseOnly).filter(c -> !c.isEmpty()).findFirst().orElse("");
        return Optional.of(new ClauseVerdict(false, where, "no value of " + first.field() + " " + wanted
                + ClauseVerdict.evidence(first.field(), first.seen(), caseOnly)));
    }
}
