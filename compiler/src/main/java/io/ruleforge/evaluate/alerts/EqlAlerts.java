package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eql.QueryBody;
import io.ruleforge.evaluate.TermKeys;
import io.ruleforge.evaluate.alerts.AlertRuleSpec.Suppression;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.evaluate.eql.EqlMatch;
import io.ruleforge.evaluate.eql.EqlSettings;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.rule.Rule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The alerts one run of an EQL rule writes, as Kibana's EQL executor ({@code rule_types/eql/eql.ts}) decides them.
 *
 * <p>The search: {@code _eql/search} with the rule's query, {@code size = max_signals}, no {@code result_position}
 * (so the <em>first</em> {@code size} results, in timestamp order) and a filter of {@code @timestamp gte from, lte to}
 * applied to every event before the query runs; so events outside the window never start, extend or break a sequence.
 *
 * <p>The alerts: an event query writes one alert per returned event; a sequence one "shell" alert per returned
 * sequence, with one building-block alert per event of it ({@link Alert#events()} lists them in sequence order).
 *
 * <p>Alert suppression ({@code bulk_create_suppressed_alerts_in_memory.ts}), grouped in memory per run:
 * <ul>
 *   <li>an event alert's key is each {@code group_by} field's values as the fields API returns them (every value,
 *   sorted; none when missing);</li>
 *   <li>a sequence's key is read from its shell alert, which is the <em>intersection</em> of its events
 *   ({@code objectArrayIntersection}): a field keeps a scalar only when every event has the same one, an array keeps
 *   the values all events share; a field that differs between the events is missing from the shell;</li>
 *   <li>{@code missing_fields_strategy = doNotSuppress}: an alert missing a group field is written on its own, before
 *   the suppressed ones; {@code suppress} (default): a missing field is a {@code null} term and groups;</li>
 *   <li>alerts are sorted by suppression start (the event's timestamp; a shell's is the run's time, the same for
 *   all) and the first of each key is written, its {@code suppression.docs_count} counting the others.</li>
 * </ul>
 * With suppression, new alerts are cut at {@code max_signals} counting each sequence's building blocks with its shell
 * (the unsuppressed ones first, then the groups). A {@code duration} extends suppression to later runs; a case is
 * one run, where it groups as per execution.
 */
public final class EqlAlerts {

    private EqlAlerts() {
    }

    /**
     * The rule's own EQL settings as Kibana passes them to Elasticsearch: {@code timestamp_field},
     * {@code event_category_override}, {@code tiebreaker_field} (an empty one is not sent).
     */
    public static EqlSettings settings(CompiledRule compiled) {
        Rule rule = compiled.rule();
        EqlSettings settings = EqlSettings.defaults();
        JsonNode table = rule.document().at("/rule");
        if (table.path("timestamp_field").isTextual()) {
            settings = settings.withTimestampField(table.path("timestamp_field").asText());
        }
        if (table.path("event_category_override").isTextual()) {
            settings = settings.withEventCategoryField(table.path("event_category_override").asText());
        }
        if (table.path("tiebreaker_field").isTextual() && !table.path("tiebreaker_field").asText().isEmpty()) {
            settings = settings.withTiebreakerField(table.path("tiebreaker_field").asText());
        }
        // Kibana's EQL search takes the rule's filters, and its exception items negated, as its filter
        return settings.withFilter(compiled.filters());
    }

    /**
     * @param settings the rule's EQL settings (timestamp, category and tiebreaker fields); size and result position
     *                 are Kibana's, whatever they say
     * @param stream   the case's events; their {@code matched} flags are not used: the EQL query decides
     */
    public static AlertRun run(AlertRuleSpec spec, EqlQuery query, FieldSchema schema, EqlSettings settings,
                               List<StreamEvent> stream, Instant now) {
        Instant from = RuleAlerts.resolve(spec.from(), now);
        Instant to = RuleAlerts.resolve(spec.to(), now);
        Results results = search(spec, query, schema, settings, stream, from, to, now);
        if (spec.suppression().isEmpty()) {
            // every result is written: the search already returned at most max_signals
            return new AlertRun(results.alerts(), from, to, Optional.empty(), 0);
        }
        Grouped grouped = group(spec.suppression().get(), results, spec.groupKeys());
        // Written first, the unsuppressed ones (shells with their building blocks, one list) are cut at max_signals;
        // the suppressed then at max_signals less the alerts (shells) written so far.
        List<Alert> unsuppressed = cut(grouped.unsuppressed(), spec.maxSignals(), results.sequence());
        int room = spec.maxSignals() - unsuppressed.size();
        List<Alert> firsts = grouped.groups().stream().map(Group::alert).toList();
        List<Alert> kept = room > 0 ? cut(firsts, room, results.sequence()) : firsts;
        List<Alert> alerts = new ArrayList<>(unsuppressed);
        alerts.addAll(kept);
        int capped = grouped.unsuppressed().size() + firsts.size() - alerts.size();
        return new AlertRun(alerts, from, to, Optional.empty(), capped);
    }

    /**
     * What one {@code _eql/search} of a window returns, as alerts before suppression: one per event (sorted by
     * {@code @timestamp}, as Kibana sorts them) or per sequence (as returned), each naming its events' stream indexes.
     */
    record Results(boolean sequence, List<Alert> alerts, List<List<JsonNode>> documents) {
    }

    /** The alerts missing a group field under {@code doNotSuppress}, then the groups, in the order Kibana writes them. */
    record Grouped(List<Alert> unsuppressed, List<Group> groups) {
    }

    /** A suppression group of one search: its key and its alerts, the first of which is written. */
    record Group(Map<String, String> key, List<Alert> members) {
        /** The alert written for the group within one run: its first, counting the others as suppressed. */
        Alert alert() {
            return members.get(0).withSuppression(key, members.size() - 1);
        }
    }

    /** The search of one window {@code from}…{@code to} (both inclusive), the window filter applied before the query. */
    static Results search(AlertRuleSpec spec, EqlQuery query, FieldSchema schema, EqlSettings settings,
                          List<StreamEvent> stream, Instant from, Instant to, Instant now) {
        List<JsonNode> window = new ArrayList<>();
        Map<JsonNode, Integer> indexOf = new IdentityHashMap<>();
        for (StreamEvent e : stream) {
            if (e.within(from, to)) {
                window.add(e.document());
                indexOf.put(e.document(), e.index());
            }
        }
        // the filter's date math is resolved at the run's moment, as Elasticsearch resolves the run's request
        EqlEvaluator evaluator = new EqlEvaluator(schema, settings.withSize(spec.maxSignals())
                .withResultPosition(EqlSettings.ResultPosition.HEAD), now);
        List<EqlMatch> results = evaluator.evaluate(query, window);
        boolean sequence = query.body() instanceof QueryBody.Sequence;
        List<Candidate> candidates = new ArrayList<>();
        for (EqlMatch match : results) {
            List<JsonNode> events = match.events().stream().filter(e -> e != null).toList();
            List<Integer> indexes = events.stream().map(indexOf::get).toList();
            candidates.add(new Candidate(events, indexes, sequence));
        }
        if (!sequence) {
            // Kibana sorts event alerts by suppression start, their time for the rule (timestamp_override, else
            // @timestamp), stably (the search ordered them by the rule's timestamp_field, which may be another field)
            Map<Integer, Instant> times = new HashMap<>();
            stream.forEach(e -> times.put(e.index(), e.timestamp()));
            candidates.sort(Comparator.comparing(c -> times.get(c.indexes().get(0))));
        }
        return new Results(sequence,
                candidates.stream().map(c -> new Alert(Map.of(), 1, OptionalLong.empty(), 0, c.indexes())).toList(),
                candidates.stream().map(Candidate::events).toList());
    }

    /**
     * The alerts whose (shell) alert lies within the first {@code max} documents written: Kibana truncates the list
     * of new alerts, in which each sequence's shell alert is followed by its building blocks.
     */
    private static List<Alert> cut(List<Alert> alerts, int max, boolean sequence) {
        List<Alert> kept = new ArrayList<>();
        int written = 0;
        for (Alert a : alerts) {
            if (written >= max) {
                break;
            }
            kept.add(a);
            written += sequence ? 1 + a.events().size() : 1;
        }
        return kept;
    }

    /** A result of the search: one event, or the events of a sequence (missing-event placeholders left out). */
    private record Candidate(List<JsonNode> events, List<Integer> indexes, boolean sequence) {
    }

    /** The search's alerts grouped in Kibana's order: events by timestamp; sequences as returned (every shell has the run's time). */
    static Grouped group(Suppression suppression, Results results, GroupKeys groupKeys) {
        List<Alert> unsuppressed = new ArrayList<>();
        Map<List<String>, Map<String, String>> keys = new LinkedHashMap<>();
        Map<List<String>, List<Alert>> members = new LinkedHashMap<>();
        for (int r = 0; r < results.alerts().size(); r++) {
            List<JsonNode> events = results.documents().get(r);
            List<GroupKeys.Term> terms = new ArrayList<>();
            for (String field : suppression.groupBy()) {
                terms.add(results.sequence() ? shellTerm(events, field) : groupKeys.fieldsApiTerm(events.get(0), field));
            }
            Map<String, String> key = new LinkedHashMap<>();
            for (int i = 0; i < terms.size(); i++) {
                key.put(suppression.groupBy().get(i), terms.get(i).text());
            }
            Alert alert = results.alerts().get(r);
            if (!suppression.suppressMissing() && terms.contains(GroupKeys.Term.MISSING)) {
                unsuppressed.add(alert.withSuppression(key, 0));
                continue;
            }
            List<String> identity = terms.stream().map(GroupKeys.Term::identity).toList();
            keys.putIfAbsent(identity, key);
            members.computeIfAbsent(identity, k -> new ArrayList<>()).add(alert);
        }
        List<Group> groups = new ArrayList<>();
        members.forEach((identity, list) -> groups.add(new Group(keys.get(identity), list)));
        return new Grouped(unsuppressed, groups);
    }

    /** A sequence's term: the field of the intersection of its events ({@code robustGet} on the shell alert). */
    private static GroupKeys.Term shellTerm(List<JsonNode> events, String field) {
        Optional<JsonNode> shell = SequenceIntersection.of(events);
        Optional<JsonNode> value = shell.flatMap(s -> SequenceIntersection.get(s, field));
        if (value.isEmpty() || value.get().isNull()) {
            return GroupKeys.Term.MISSING;
        }
        JsonNode v = value.get();
        if (v.isArray()) {
            List<String> texts = new ArrayList<>();
            List<String> identities = new ArrayList<>();
            v.forEach(element -> {
                texts.add(element.isValueNode() ? TermKeys.sourceText(element) : element.toString());
                identities.add(SequenceIntersection.identity(element));
            });
            texts.sort(null);
            identities.sort(null);
            return new GroupKeys.Term("[" + String.join(",", identities) + "]", String.join(",", texts));
        }
        return new GroupKeys.Term(SequenceIntersection.identity(v), v.isValueNode() ? TermKeys.sourceText(v) : v.toString());
    }
}
