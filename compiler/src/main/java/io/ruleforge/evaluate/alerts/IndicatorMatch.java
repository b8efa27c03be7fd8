package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.VerdictSource;
import io.ruleforge.evaluate.EventFields;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What Kibana's indicator match executor alerts on, given the events the rule's query selects and the indicators
 * its {@code threat_query} (and {@code threat_filters}) select from the threat index.
 *
 * <p>Kibana's {@code buildThreatMappingFilter} turns each indicator into a clause of one {@code bool.should}: per
 * {@code threat_mapping} item a {@code bool.filter} of one clause per entry — {@code match} of the event field
 * against the indicator's value ({@code match}, so the event field's type decides: a keyword compares whole values,
 * an ip field also takes a CIDR, a text field matches by token); a negated entry a {@code bool.must_not} of that
 * match, or {@code exists} of the event field when the indicator has no value. An item applies to an indicator only
 * when each of its non-negated entries finds exactly one value in the indicator's fields (Kibana reads the fields
 * API, which returns arrays: a missing or multi-valued indicator field drops the item for that indicator). Every
 * clause carries a {@code _name} naming indicator, field and value; the names Elasticsearch reports as matched
 * ({@code matched_queries}: every named clause the event matches on its own, also in items that did not match as a
 * whole) become the alert's {@code threat.enrichments} ({@code enrich_signal_threat_matches}): per matched,
 * non-negated clause the object at {@code threat_indicator_path} of the indicator, its {@code threat.feed.name}, and
 * {@code matched} {atomic (the event's value), field, id, index, type}.
 *
 * <p>Immutable. Each clause is decided on all events at once by a {@link VerdictSource}: the in-process evaluator
 * (with the field types of the rule's indices), or in live mode the cluster itself.
 */
public final class IndicatorMatch {

    /** Kibana's default {@code threat_indicator_path}. */
    public static final String DEFAULT_INDICATOR_PATH = "threat.indicator";
    /** Kibana's {@code FEED_NAME_PATH}. */
    static final String FEED_NAME_PATH = "threat.feed.name";
    private static final String SEPARATOR = "___SEPARATOR___";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** An event of the rule's indices with its {@code _id}. */
    public record Event(String id, JsonNode source) {
        public Event {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(source, "source");
        }
    }

    /** One named clause of the threat filter: the entry it comes from, for which indicator, and its DSL. */
    public record Clause(Indicator indicator, ThreatMapping.Entry entry, String name, ObjectNode query) {
    }

    private final ThreatMapping mapping;
    private final String indicatorPath;
    private final VerdictSource eventVerdicts;
    private final Predicate<ThreatMapping.Entry> termsShortcut;

    /** Without Kibana ≥ 8.10's {@code terms} shortcut: every item is matched indicator by indicator. */
    public IndicatorMatch(ThreatMapping mapping, String indicatorPath, VerdictSource eventVerdicts) {
        this(mapping, indicatorPath, eventVerdicts, entry -> false);
    }

    /**
     * @param termsShortcut whether a single-entry item is searched as Kibana ≥ 8.10 does when both of its fields are
     *                      keyword-like ({@code keyword}, {@code constant_keyword}, {@code wildcard}, {@code ip} in the
     *                      event and the threat index, {@code allowedFieldsForTermsQuery}): one {@code terms} query of
     *                      the <em>first</em> value of each indicator ({@code val[0]}), where the match path drops an
     *                      indicator with several values; its alerts are enriched with every indicator holding the
     *                      event's value ({@code getSignalsQueryMapFromThreatIndex})
     */
    public IndicatorMatch(ThreatMapping mapping, String indicatorPath, VerdictSource eventVerdicts,
                          Predicate<ThreatMapping.Entry> termsShortcut) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.indicatorPath = indicatorPath == null || indicatorPath.isBlank() ? DEFAULT_INDICATOR_PATH : indicatorPath;
        this.eventVerdicts = Objects.requireNonNull(eventVerdicts, "eventVerdicts");
        this.termsShortcut = Objects.requireNonNull(termsShortcut, "termsShortcut");
    }

    /** Whether the item is searched with one {@code terms} query instead of a clause per indicator. */
    private boolean viaTerms(ThreatMapping.Item item) {
        return item.entries().size() == 1 && termsShortcut.test(item.entries().get(0));
    }

    /** Kibana's name of a {@code terms} clause: field, indicator field and kind, no indicator. */
    public static String termsQueryName(ThreatMapping.Entry entry) {
        return SEPARATOR + SEPARATOR + entry.field() + SEPARATOR + entry.value() + SEPARATOR + "tq";
    }

    /** Kibana's {@code encodeThreatMatchNamedQuery} shape: indicator id, index, event field, indicator field, kind. */
    public static String queryName(Indicator indicator, ThreatMapping.Entry entry) {
        return indicator.id() + SEPARATOR + indicator.index() + SEPARATOR + entry.field() + SEPARATOR + entry.value()
                + SEPARATOR + (entry.negate() ? "mq_negate" : "mq");
    }

    /** The clauses of each item that applies to {@code indicator}, item by item (items that do not apply left out). */
    public List<List<Clause>> itemsFor(Indicator indicator) {
        List<List<Clause>> items = new ArrayList<>();
        for (ThreatMapping.Item item : mapping.items()) {
            if (viaTerms(item)) {
                ThreatMapping.Entry entry = item.entries().get(0);
                List<JsonNode> values = indicatorValues(indicator, entry);
                if (!values.isEmpty()) {
                    ObjectNode terms = JSON.objectNode();
                    terms.putObject("terms").putArray(entry.field()).add(values.get(0));
                    items.add(List.of(new Clause(indicator, entry, termsQueryName(entry), terms)));
                }
                continue;
            }
            boolean applies = item.entries().stream().allMatch(e -> e.negate() || indicatorValues(indicator, e).size() == 1);
            if (!applies) {
                continue;
            }
            List<Clause> clauses = new ArrayList<>();
            for (ThreatMapping.Entry entry : item.entries()) {
                clause(indicator, entry).ifPresent(clauses::add);
            }
            if (!clauses.isEmpty()) {
                items.add(clauses);
            }
        }
        return items;
    }

    private Optional<Clause> clause(Indicator indicator, ThreatMapping.Entry entry) {
        List<JsonNode> values = indicatorValues(indicator, entry);
        String name = queryName(indicator, entry);
        if (!entry.negate()) {
            return Optional.of(new Clause(indicator, entry, name, match(entry.field(), values.get(0))));
        }
        if (values.isEmpty()) {
            ObjectNode exists = JSON.objectNode();
            exists.putObject("exists").put("field", entry.field());
            return Optional.of(new Clause(indicator, entry, name, exists));
        }
        if (values.size() == 1) {
            ObjectNode negated = JSON.objectNode();
            negated.putObject("bool").set("must_not", match(entry.field(), values.get(0)));
            return Optional.of(new Clause(indicator, entry, name, negated));
        }
        return Optional.empty();
    }

    private static ObjectNode match(String field, JsonNode value) {
        ObjectNode match = JSON.objectNode();
        match.putObject("match").putObject(field).set("query", value);
        return match;
    }

    /** The indicator's values of the entry's indicator field, as the fields API lists them. */
    private static List<JsonNode> indicatorValues(Indicator indicator, ThreatMapping.Entry entry) {
        return EventFields.values(indicator.source(), entry.value()).stream().filter(v -> !v.isNull()).toList();
    }

    /**
     * The threat filter Kibana sends for these indicators: {@code bool.should} (minimum_should_match 1) of, per
     * indicator and applying item, {@code bool.filter} of the entries' clauses, each with its {@code _name}. When no
     * indicator gives a clause the should is empty, which Elasticsearch would take as match-all: Kibana's
     * {@code createThreatSignal} sends no search then, and {@link #alerts} writes no alert.
     */
    public ObjectNode threatFilter(List<Indicator> indicators) {
        ObjectNode root = JSON.objectNode();
        ObjectNode bool = root.putObject("bool");
        ArrayNode should = bool.putArray("should");
        Map<String, ObjectNode> termsClauses = new LinkedHashMap<>();
        for (Indicator indicator : indicators) {
            for (List<Clause> item : itemsFor(indicator)) {
                if (item.get(0).name().equals(termsQueryName(item.get(0).entry()))) {
                    // one terms query per item, of every indicator's first value
                    ObjectNode terms = termsClauses.computeIfAbsent(item.get(0).name(), name -> {
                        ObjectNode clause = should.addObject();
                        clause.putObject("terms").put("_name", name).putArray(item.get(0).entry().field());
                        return clause;
                    });
                    ((ArrayNode) terms.get("terms").get(item.get(0).entry().field())).add(item.get(0).query().at("/terms").elements().next().get(0));
                    continue;
                }
                ArrayNode filter = should.addObject().putObject("bool").putArray("filter");
                item.forEach(c -> filter.add(named(c)));
            }
        }
        bool.put("minimum_should_match", 1);
        return root;
    }

    /** The clause with its {@code _name} where Elasticsearch takes it: in the match body, or on the bool/exists. */
    private static ObjectNode named(Clause clause) {
        ObjectNode copy = clause.query().deepCopy();
        String type = copy.fieldNames().next();
        ObjectNode body = (ObjectNode) copy.get(type);
        if (type.equals("match")) {
            ((ObjectNode) body.get(clause.entry().field())).put("_name", clause.name());
        } else {
            body.put("_name", clause.name());
        }
        return copy;
    }

    /**
     * The alerts: each event matching at least one applying item of one indicator, in event order, with the names of
     * every clause it matches and the enrichments of its non-negated matched clauses.
     */
    public List<IndicatorAlert> alerts(List<Event> events, List<Indicator> indicators) {
        List<List<Clause>> items = new ArrayList<>();
        indicators.forEach(i -> items.addAll(itemsFor(i)));
        List<JsonNode> sources = events.stream().map(Event::source).toList();
        Map<Clause, List<DslEvaluator.Verdict>> verdicts = new LinkedHashMap<>();
        if (!sources.isEmpty()) {
            items.forEach(item -> item.forEach(c -> verdicts.put(c, eventVerdicts.decide(c.query(), sources))));
        }
        List<IndicatorAlert> alerts = new ArrayList<>();
        for (int e = 0; e < events.size(); e++) {
            Event event = events.get(e);
            boolean alerted = false;
            Set<String> matchedNames = new LinkedHashSet<>();
            Map<String, Clause> matchedClauses = new LinkedHashMap<>();
            for (List<Clause> item : items) {
                boolean all = true;
                for (Clause clause : item) {
                    if (verdicts.get(clause).get(e).matched()) {
                        matchedNames.add(clause.name());
                        matchedClauses.putIfAbsent(clause.name(), clause);
                    } else {
                        all = false;
                    }
                }
                alerted |= all;
            }
            if (alerted) {
                List<Enrichment> enrichments = new ArrayList<>();
                Set<String> enriched = new LinkedHashSet<>();
                for (Clause c : matchedClauses.values()) {
                    if (c.name().equals(termsQueryName(c.entry()))) {
                        // the terms path names no indicator: every selected indicator holding the event's value enriches it
                        for (Indicator indicator : indicators) {
                            Clause byValue = new Clause(indicator, c.entry(), c.name(), c.query());
                            if (holdsEventValue(indicator, c.entry(), event) && enriched.add(indicator.id() + SEPARATOR + c.name())) {
                                enrichments.add(enrichment(byValue, event));
                            }
                        }
                    } else if (!c.entry().negate() && enriched.add(c.indicator().id() + SEPARATOR + c.name())) {
                        enrichments.add(enrichment(c, event));
                    }
                }
                Map<String, String> matchedValues = new LinkedHashMap<>();
                matchedClauses.values().stream().filter(c -> !c.entry().negate()).forEach(c -> matchedValues.putIfAbsent(
                        c.entry().field(), indicatorValues(c.indicator(), c.entry()).get(0).asText()));
                alerts.add(new IndicatorAlert(event.id(), event.source(), enrichments, matchedNames, matchedValues));
            }
        }
        return alerts;
    }

    /**
     * The rule's search of one window, for {@link AlertRuns#runSearched}: the events of the stream its query returns
     * ({@link StreamEvent#matched}) within the window, matched against the indicators its threat query selects at
     * the run's moment; one alert per matching event, its suppression terms read from the event
     * ({@code wrapSuppressedAlerts}: {@code getSuppressionTerms} of the event's fields).
     *
     * @param indicatorsAt the indicators selected at a run's moment ({@code threat_query} may use date math)
     */
    public AlertRuns.WindowSearch windowSearch(Function<Instant, List<Indicator>> indicatorsAt) {
        return (now, window, stream) -> {
            List<Event> events = new ArrayList<>();
            for (StreamEvent e : stream) {
                if (e.matched() && e.within(window.from(), window.to())) {
                    events.add(new Event(String.valueOf(e.index()), e.document()));
                }
            }
            List<AlertRuns.Found> out = new ArrayList<>();
            if (events.isEmpty()) {
                return out;
            }
            for (IndicatorAlert a : alerts(events, indicatorsAt.apply(now))) {
                out.add(new AlertRuns.Found(Integer.parseInt(a.eventId()), a.event()));
            }
            return out;
        };
    }

    /** Whether one of the indicator's values of the entry's indicator field equals one of the event's values. */
    private static boolean holdsEventValue(Indicator indicator, ThreatMapping.Entry entry, Event event) {
        List<String> eventValues = EventFields.values(event.source(), entry.field()).stream().filter(v -> !v.isNull())
                .map(JsonNode::asText).toList();
        return indicatorValues(indicator, entry).stream().anyMatch(v -> eventValues.contains(v.asText()));
    }

    private Enrichment enrichment(Clause clause, Event event) {
        JsonNode indicatorValue = sourceAt(clause.indicator().source(), indicatorPath);
        JsonNode first = indicatorValue != null && indicatorValue.isArray() ? indicatorValue.path(0) : indicatorValue;
        ObjectNode indicatorObject;
        if (first == null || first.isMissingNode() || first.isNull()) {
            indicatorObject = JSON.objectNode();
        } else if (first.isObject()) {
            indicatorObject = (ObjectNode) first;
        } else {
            // Kibana's buildEnrichments throws here, failing the rule's run
            throw new IllegalArgumentException("Expected indicator field to be an object, but found: " + first
                    + " (threat_indicator_path " + indicatorPath + " of indicator " + clause.indicator().id() + ")");
        }
        JsonNode feed = sourceAt(clause.indicator().source(), FEED_NAME_PATH);
        Optional<String> feedName = feed != null && feed.isValueNode() && !feed.asText().isEmpty()
                ? Optional.of(feed.asText()) : Optional.empty();
        JsonNode atomic = sourceAt(event.source(), clause.entry().field());
        return new Enrichment(indicatorObject, feedName, atomic == null ? JSON.nullNode() : atomic.deepCopy(),
                clause.entry().field(), clause.indicator().id(), clause.indicator().index());
    }

    /**
     * lodash's {@code get(source, path)} as Kibana uses it on {@code _source}: the whole dotted path as one key
     * first, else object by object (a dotted key at any level also counts, as lodash does for its first step).
     */
    static JsonNode sourceAt(JsonNode source, String path) {
        if (source == null || !source.isObject()) {
            return null;
        }
        if (source.has(path)) {
            return source.get(path);
        }
        String[] parts = path.split("\\.");
        JsonNode node = source;
        for (String part : parts) {
            if (node == null || !node.isObject() || !node.has(part)) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }
}
