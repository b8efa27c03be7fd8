package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.rule.Rule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What of a rule decides its alerts, beyond its query: type, window, {@code max_signals}, and the threshold,
 * new_terms and alert suppression settings, read from detection-rules' layout or the API's.
 *
 * @param type      the rule type ({@code query}, {@code eql}, {@code threshold}, {@code new_terms}, …)
 * @param from      the window's start as date math ({@code now-6m} when absent, as Kibana)
 * @param to        its end ({@code now})
 * @param maxSignals the most alerts one run writes (100 when absent)
 * @param groupKeys how the composite aggregations of threshold, suppression and new terms see their fields: each
 *                  event's keys and the groups' order, by the fields' mapped types ({@link #of(Rule)} knows none:
 *                  source text, compared as keywords)
 * @param time      which of an event's fields places it in the runs ({@code timestamp_override})
 */
public record AlertRuleSpec(String type, String from, String to, int maxSignals, Optional<Threshold> threshold,
                            Optional<NewTerms> newTerms, Optional<Suppression> suppression, GroupKeys groupKeys,
                            RuleTimestamp time) {

    public AlertRuleSpec {
        groupKeys = groupKeys == null ? GroupKeys.KEYWORDS : groupKeys;
        time = time == null ? RuleTimestamp.DEFAULT : time;
    }

    /** A spec placing events by {@code @timestamp}. */
    public AlertRuleSpec(String type, String from, String to, int maxSignals, Optional<Threshold> threshold,
                         Optional<NewTerms> newTerms, Optional<Suppression> suppression, GroupKeys groupKeys) {
        this(type, from, to, maxSignals, threshold, newTerms, suppression, groupKeys, RuleTimestamp.DEFAULT);
    }

    /** A spec whose group fields keep their source text and compare as keywords. */
    public AlertRuleSpec(String type, String from, String to, int maxSignals, Optional<Threshold> threshold,
                         Optional<NewTerms> newTerms, Optional<Suppression> suppression) {
        this(type, from, to, maxSignals, threshold, newTerms, suppression, GroupKeys.KEYWORDS);
    }

    public static final String DEFAULT_FROM = "now-6m";
    public static final int DEFAULT_MAX_SIGNALS = 100;
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

    /**
     * @param fields      the group fields; empty counts every event of the window as one group
     * @param value       events a group needs to alert
     * @param cardinality a field whose distinct values a group needs at least {@code cardinalityValue} of
     */
    public record Threshold(List<String> fields, long value, Optional<String> cardinality, long cardinalityValue) {
        public Threshold {
            fields = List.copyOf(fields);
        }
    }

    /**
     * @param fields             1–3 fields whose value (or combination) must be new
     * @param historyWindowStart date math, resolved against the run's end ({@code now-7d})
     */
    public record NewTerms(List<String> fields, String historyWindowStart) {
        public NewTerms {
            fields = List.copyOf(fields);
        }
    }

    /**
     * @param groupBy         fields alerts are grouped by (threshold rules: the threshold fields)
     * @param duration        how long a group stays suppressed across runs; empty: per rule execution
     * @param suppressMissing {@code missing_fields_strategy = suppress} (the default): events missing a group field
     *                        form one group; {@code doNotSuppress}: each such event alerts on its own
     */
    public record Suppression(List<String> groupBy, Optional<Duration> duration, boolean suppressMissing) {
        public Suppression {
            groupBy = List.copyOf(groupBy);
        }
    }

    /**
     * The rule's {@code interval} ({@code 5m} when absent or not a duration Kibana's schedule takes): how often it
     * runs, and how far back each catch-up window of a late run lies.
     */
    public static Duration interval(Rule rule) {
        String written = rule.document().at("/rule/interval").asText(io.ruleforge.rule.RuleInterval.DEFAULT);
        return io.ruleforge.rule.RuleInterval.parse(written).orElse(DEFAULT_INTERVAL);
    }

    /** Whether a single event can never show what the rule alerts on: its alerts need a stream. */
    public boolean needsStream() {
        return threshold.isPresent() || newTerms.isPresent() || type.equals("threat_match");
    }

    /**
     * The rule's spec with its group fields keyed and ordered as their types in {@code indexFields} store them (the
     * mapping of the indices it searches, as it was compiled against). An ES|QL rule's suppression keys by its rows'
     * values as the query returned them, not by a mapping.
     */
    public static AlertRuleSpec of(Rule rule, FieldSchema indexFields) {
        AlertRuleSpec spec = of(rule);
        return spec.type().equals("esql") ? spec : spec.keyedBy(indexFields);
    }

    /** This spec with its group fields keyed and ordered as their types in {@code indexFields} store them. */
    public AlertRuleSpec keyedBy(FieldSchema indexFields) {
        return new AlertRuleSpec(type, from, to, maxSignals, threshold, newTerms, suppression,
                GroupKeys.of(indexFields, groupFields()), time);
    }

    /** The fields alerts are grouped by: the threshold's, the new terms', the suppression's. */
    public List<String> groupFields() {
        List<String> fields = new ArrayList<>();
        threshold.ifPresent(t -> fields.addAll(t.fields()));
        newTerms.ifPresent(n -> fields.addAll(n.fields()));
        suppression.ifPresent(s -> fields.addAll(s.groupBy()));
        return fields;
    }

    /**
     * Why the alerts cannot be grouped as Elasticsearch groups them, if they cannot: a group field whose normalizer
     * ruleforge does not model (its keys would be guesses).
     */
    public Optional<String> ungroupable(FieldSchema indexFields) {
        return ungroupable(indexFields, groupFields());
    }

    /**
     * {@link #ungroupable(FieldSchema)} of some of the group fields: those ruleforge keys itself (a backtest's
     * suppression {@code group_by}; the cluster keys the others).
     */
    public static Optional<String> ungroupable(FieldSchema indexFields, List<String> fields) {
        for (String field : fields) {
            Optional<io.ruleforge.fields.Normalizer> normalizer = indexFields.resolved(field)
                    .map(io.ruleforge.fields.FieldMapping::normalizer).filter(n -> !n.isModelled());
            if (normalizer.isPresent()) {
                return Optional.of("its group field " + field + " has the normalizer [" + normalizer.get().name()
                        + "], which is not modelled by ruleforge: " + normalizer.get().unmodelled().orElseThrow());
            }
        }
        return Optional.empty();
    }

    /** This spec placing events by {@code time}. */
    public AlertRuleSpec placedBy(RuleTimestamp time) {
        return new AlertRuleSpec(type, from, to, maxSignals, threshold, newTerms, suppression, groupKeys, time);
    }

    public static AlertRuleSpec of(Rule rule) {
        JsonNode table = rule.document().at("/rule");
        String type = rule.type();
        return new AlertRuleSpec(type,
                table.path("from").isTextual() ? table.path("from").asText() : DEFAULT_FROM,
                table.path("to").isTextual() ? table.path("to").asText() : "now",
                table.path("max_signals").canConvertToInt() && table.path("max_signals").asInt() > 0
                        ? table.path("max_signals").asInt() : DEFAULT_MAX_SIGNALS,
                type.equals("threshold") ? threshold(table.path("threshold")) : Optional.empty(),
                type.equals("new_terms") ? newTerms(table) : Optional.empty(),
                suppression(table.path("alert_suppression"), type.equals("threshold")
                        ? threshold(table.path("threshold")).map(Threshold::fields).orElse(List.of()) : null),
                GroupKeys.KEYWORDS, RuleTimestamp.of(rule));
    }

    private static Optional<Threshold> threshold(JsonNode t) {
        if (!t.isObject()) {
            return Optional.empty();
        }
        List<String> fields = texts(t.path("field"));
        JsonNode cardinality = t.path("cardinality");
        JsonNode first = cardinality.isArray() ? cardinality.path(0) : cardinality;
        Optional<String> cardinalityField = first.path("field").isTextual() ? Optional.of(first.path("field").asText()) : Optional.empty();
        return Optional.of(new Threshold(fields, t.path("value").asLong(1), cardinalityField, first.path("value").asLong(0)));
    }

    private static Optional<NewTerms> newTerms(JsonNode table) {
        JsonNode nt = table.path("new_terms");
        if (nt.isObject()) {
            JsonNode history = nt.path("history_window_start");
            JsonNode start = history.isArray() ? history.path(0).path("value") : history.path("value");
            return Optional.of(new NewTerms(texts(nt.path("value")), start.asText("now-7d")));
        }
        if (table.has("new_terms_fields")) {
            return Optional.of(new NewTerms(texts(table.path("new_terms_fields")), table.path("history_window_start").asText("now-7d")));
        }
        return Optional.empty();
    }

    private static Optional<Suppression> suppression(JsonNode s, List<String> thresholdFields) {
        if (!s.isObject()) {
            return Optional.empty();
        }
        Optional<Duration> duration = Optional.empty();
        JsonNode d = s.path("duration");
        if (d.isObject() && d.path("value").canConvertToLong()) {
            long value = d.path("value").asLong();
            duration = Optional.of(switch (d.path("unit").asText("m")) {
                case "s" -> Duration.ofSeconds(value);
                case "h" -> Duration.ofHours(value);
                default -> Duration.ofMinutes(value);
            });
        }
        List<String> groupBy = thresholdFields != null ? thresholdFields : texts(s.path("group_by"));
        return Optional.of(new Suppression(groupBy, duration, !"doNotSuppress".equals(s.path("missing_fields_strategy").asText("suppress"))));
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            if (!node.asText().isEmpty()) {
                out.add(node.asText());
            }
        } else {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
