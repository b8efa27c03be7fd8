package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eql.EventQuery;
import io.ruleforge.eql.Expression;
import io.ruleforge.eql.QueryBody;
import io.ruleforge.evaluate.CompiledQuery;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule made ready for replay: a query rule's compiled DSL, an EQL event query, or an EQL sequence or sample
 * (decided after the stream, in timestamp order, over the events that matched one of its terms), with the fields
 * its alerts are summarised by.
 */
sealed interface ReplayRule {

    CompiledRule rule();

    /** What decides the rule's alerts beyond its query: type, window, max_signals, threshold, new terms, suppression. */
    AlertRuleSpec spec();

    /** The rule's {@code interval} as written ({@code 5m} when absent). */
    String interval();

    /** The fields the rule keys on (its own, at most three) and the host and user, for top values. */
    List<String> keyFields();

    /** A rule whose query compiles to DSL: query, threshold, new_terms (and indicator match's event query). */
    record Dsl(CompiledRule rule, AlertRuleSpec spec, String interval, CompiledQuery query, List<String> keyFields) implements ReplayRule {
    }

    record EqlEvents(CompiledRule rule, AlertRuleSpec spec, String interval, EventQuery query, List<String> keyFields) implements ReplayRule {
    }

    /** A sequence or sample: {@code terms} are the filters an event must pass to take part at all. */
    record EqlGroups(CompiledRule rule, AlertRuleSpec spec, String interval, EqlQuery query, List<EventQuery> terms,
                     List<String> keyFields) implements ReplayRule {
    }

    /** An ES|QL rule: not pre-selected, its query runs over each run's window. */
    record Esql(CompiledRule rule, AlertRuleSpec spec, String interval, io.ruleforge.esql.ast.EsqlQuery query,
                List<String> keyFields) implements ReplayRule {
    }

    /**
     * Whether each event the query returns can be decided on its own (a query rule without alert suppression: its
     * paged search reaches every event of a window); otherwise the rule's runs are decided over their windows (an
     * EQL rule's search returns the first {@code max_signals} results of its window only).
     */
    default boolean perEvent() {
        return this instanceof Dsl && spec().suppression().isEmpty()
                && (spec().type().equals("query") || spec().type().equals("saved_query"));
    }

    int OWN_KEY_FIELDS = 3;
    List<String> CONTEXT_FIELDS = List.of("host.name", "user.name");

    static List<String> keyFields(List<String> own) {
        Set<String> fields = new LinkedHashSet<>(own.subList(0, Math.min(own.size(), OWN_KEY_FIELDS)));
        fields.addAll(CONTEXT_FIELDS);
        return List.copyOf(fields);
    }

    /** The fields a query DSL object's leaves name, in order of appearance. */
    static List<String> dslFields(JsonNode dsl) {
        Set<String> out = new LinkedHashSet<>();
        collect(dsl, out);
        return new ArrayList<>(out);
    }

    private static void collect(JsonNode node, Set<String> out) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, out));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode body = e.getValue();
            switch (e.getKey()) {
                case "term", "terms", "match", "match_phrase", "wildcard", "range", "prefix" -> {
                    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                        String name = names.next();
                        if (!name.equals("boost") && !name.equals("_name")) {
                            out.add(name);
                        }
                    }
                }
                case "query_string", "multi_match" -> body.path("fields").forEach(f -> {
                    if (!f.asText().contains("*")) {
                        out.add(f.asText());
                    }
                });
                case "exists" -> out.add(body.path("field").asText());
                default -> collect(body, out);
            }
        }
    }

    /**
     * An ES|QL rule's key fields: the columns its last (non-inline) {@code STATS … BY} groups by — what each of an
     * aggregating rule's alert rows is about; none for a query without one.
     */
    static List<String> esqlGroupings(io.ruleforge.esql.ast.EsqlQuery query) {
        List<String> groupings = List.of();
        for (io.ruleforge.esql.ast.Command command : query.commands()) {
            if (command instanceof io.ruleforge.esql.ast.Command.Stats stats && !stats.inline()) {
                groupings = stats.groupings().stream().map(io.ruleforge.esql.ast.NamedExpression::name).toList();
            }
        }
        return groupings;
    }

    /** The join keys of a sequence or sample, else the fields its first filter compares. */
    static List<String> eqlFields(EqlQuery query) {
        List<String> out = new ArrayList<>();
        if (query.body() instanceof QueryBody.Sequence seq) {
            seq.byKeys().forEach(k -> field(k, out));
            if (!seq.terms().isEmpty()) {
                seq.terms().get(0).byKeys().forEach(k -> field(k, out));
            }
        } else if (query.body() instanceof QueryBody.Sample sample) {
            sample.byKeys().forEach(k -> field(k, out));
        }
        return out;
    }

    private static void field(Expression e, List<String> out) {
        if (e instanceof Expression.Field f && !out.contains(f.path())) {
            out.add(f.path());
        }
    }
}
