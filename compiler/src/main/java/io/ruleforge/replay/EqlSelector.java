package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.eql.EventQuery;
import io.ruleforge.eql.Expression;
import io.ruleforge.evaluate.AsciiCase;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.evaluate.alerts.EqlAlerts;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.ql.ComparisonOperator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Picks, per event, the EQL rules that can match it at all, as {@code evaluate.RuleSelector} does for the query
 * rules: each event query (each filter of a sequence or sample) is indexed by one condition it requires — an AND
 * operand comparing a plain keyword field with constant strings ({@code ==}, {@code in}, {@code :} or {@code like}
 * without wildcards, and their case-insensitive forms), the most selective one, else its event category —
 * so that an event is compared with the few rules whose required strings it holds, and the EQL evaluator then decides
 * those. Never drops a rule that would match: a value it does not look up (a number or boolean in a keyword field)
 * keeps every rule indexed on its field. Immutable and thread-safe.
 */
final class EqlSelector {

    private final int size;
    private final int[] always;
    /** field → term → rules (case-sensitive) */
    private final Map<String, Map<String, int[]>> exact;
    /** field → ASCII lower-case term → rules */
    private final Map<String, Map<String, int[]>> caseless;
    /** field → every rule indexed on it, for values not decided by a look-up */
    private final Map<String, int[]> byField;

    /** @param rules the replayed rules; those that are no EQL rule are never candidates here */
    EqlSelector(List<ReplayRule> rules) {
        this.size = rules.size();
        List<Integer> always = new ArrayList<>();
        Map<String, Map<String, List<Integer>>> exact = new LinkedHashMap<>();
        Map<String, Map<String, List<Integer>>> caseless = new LinkedHashMap<>();
        Map<String, List<Integer>> byField = new LinkedHashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            List<EventQuery> queries = rules.get(r) instanceof ReplayRule.EqlEvents ev ? List.of(ev.query())
                    : rules.get(r) instanceof ReplayRule.EqlGroups groups ? groups.terms() : List.of();
            if (queries.isEmpty()) {
                continue;
            }
            FieldSchema schema = rules.get(r).rule().indexFields();
            String categoryField = EqlAlerts.settings(rules.get(r).rule()).eventCategoryField();
            List<RequiredTerms> required = new ArrayList<>();
            for (EventQuery query : queries) {
                Optional<RequiredTerms> requirement = requirement(query, schema, categoryField);
                if (requirement.isEmpty()) {
                    required = null; // one filter without a condition: the rule looks at every event
                    break;
                }
                required.add(requirement.get());
            }
            if (required == null) {
                always.add(r);
                continue;
            }
            for (RequiredTerms q : required) {
                Map<String, Map<String, List<Integer>>> index = q.caseInsensitive() ? caseless : exact;
                for (String term : q.terms()) {
                    index.computeIfAbsent(q.field(), f -> new HashMap<>()).computeIfAbsent(term, t -> new ArrayList<>()).add(r);
                }
                byField.computeIfAbsent(q.field(), f -> new ArrayList<>()).add(r);
            }
        }
        this.always = ints(always);
        this.exact = freeze(exact);
        this.caseless = freeze(caseless);
        Map<String, int[]> fields = new LinkedHashMap<>();
        byField.forEach((field, ids) -> fields.put(field, ints(ids)));
        this.byField = fields;
    }

    /** Whether rule {@code r} may match {@code event}, by position in the rules given. */
    boolean[] candidates(JsonNode event) {
        boolean[] candidates = new boolean[size];
        for (int r : always) {
            candidates[r] = true;
        }
        for (Map.Entry<String, int[]> field : byField.entrySet()) {
            Map<String, int[]> exactTerms = exact.getOrDefault(field.getKey(), Map.of());
            Map<String, int[]> caselessTerms = caseless.getOrDefault(field.getKey(), Map.of());
            for (JsonNode value : EventFields.values(event, field.getKey())) {
                if (!value.isTextual()) {
                    if (value.isValueNode()) {
                        mark(candidates, field.getValue()); // a number or boolean in a keyword field: not looked up
                    }
                    continue;
                }
                String text = value.textValue();
                mark(candidates, exactTerms.get(text));
                if (!caselessTerms.isEmpty()) {
                    // a query's case_insensitive folds ASCII letters only, as the evaluator does
                    mark(candidates, caselessTerms.get(AsciiCase.lower(text)));
                }
            }
        }
        return candidates;
    }

    private static void mark(boolean[] candidates, int[] ids) {
        if (ids != null) {
            for (int id : ids) {
                candidates[id] = true;
            }
        }
    }

    /** The condition the query requires that should pick out the fewest events; else its category; empty when neither is usable. */
    static Optional<RequiredTerms> requirement(EventQuery query, FieldSchema schema, String categoryField) {
        RequiredTerms best = null;
        for (Expression conjunct : conjuncts(query.condition())) {
            Optional<RequiredTerms> r = requirementOf(conjunct, schema);
            if (r.isPresent() && (best == null || RequiredTerms.MORE_SELECTIVE.compare(r.get(), best) < 0)) {
                best = r.get();
            }
        }
        if (best == null && !query.category().isAny() && RequiredTerms.plainKeyword(schema, categoryField)) {
            best = new RequiredTerms(categoryField, Set.of(query.category().name()), false); // a case-sensitive term
        }
        return Optional.ofNullable(best);
    }

    private static List<Expression> conjuncts(Expression condition) {
        if (condition instanceof Expression.And and) {
            List<Expression> all = new ArrayList<>();
            and.operands().forEach(o -> all.addAll(conjuncts(o)));
            return all;
        }
        return List.of(condition);
    }

    private static Optional<RequiredTerms> requirementOf(Expression condition, FieldSchema schema) {
        if (condition instanceof Expression.Comparison c && c.operator() == ComparisonOperator.EQ) {
            Expression.Field field = c.left() instanceof Expression.Field f ? f : c.right() instanceof Expression.Field f ? f : null;
            Expression other = c.left() instanceof Expression.Field ? c.right() : c.left();
            if (field != null && other instanceof Expression.Literal l && l.value() instanceof String s) {
                return required(field, List.of(s), false, schema);
            }
        } else if (condition instanceof Expression.In in && !in.negated() && in.value() instanceof Expression.Field field) {
            return strings(in.candidates(), false).flatMap(terms -> required(field, terms, in.caseInsensitive(), schema));
        } else if (condition instanceof Expression.Match m && m.operator() != Expression.MatchOperator.REGEX
                && m.value() instanceof Expression.Field field) {
            return strings(m.patterns(), true).flatMap(terms -> required(field, terms, m.caseInsensitive(), schema));
        }
        return Optional.empty();
    }

    /** The constants as strings; empty when one is not a string, or (patterns) holds a wildcard or an escape. */
    private static Optional<List<String>> strings(List<? extends Expression> constants, boolean patterns) {
        List<String> out = new ArrayList<>();
        for (Expression e : constants) {
            if (!(e instanceof Expression.Literal l && l.value() instanceof String s)
                    || patterns && (s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('\\') >= 0)) {
                return Optional.empty();
            }
            out.add(s);
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private static Optional<RequiredTerms> required(Expression.Field field, List<String> terms, boolean caseInsensitive,
                                                  FieldSchema schema) {
        if (!RequiredTerms.plainKeyword(schema, field.path())) {
            return Optional.empty();
        }
        Set<String> set = new LinkedHashSet<>();
        terms.forEach(t -> set.add(caseInsensitive ? AsciiCase.lower(t) : t));
        return Optional.of(new RequiredTerms(field.path(), set, caseInsensitive));
    }

    private static int[] ints(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).distinct().toArray();
    }

    private static Map<String, Map<String, int[]>> freeze(Map<String, Map<String, List<Integer>>> index) {
        Map<String, Map<String, int[]>> frozen = new LinkedHashMap<>();
        index.forEach((field, terms) -> {
            Map<String, int[]> m = new HashMap<>();
            terms.forEach((term, ids) -> m.put(term, ints(ids)));
            frozen.put(field, m);
        });
        return frozen;
    }
}
