package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.fields.DateValues;
import io.ruleforge.rule.Rule;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which of an event's fields places it in a rule's runs, as Kibana's detection engine reads them
 * ({@code create_security_rule_type_wrapper}): the primary field is the rule's {@code timestamp_override}, else
 * {@code @timestamp}; with an override (other than {@code @timestamp}) and no
 * {@code timestamp_override_fallback_disabled}, {@code @timestamp} is the secondary field, read only when the event
 * lacks the primary one. Every search a run sends keeps an event by that time ({@code buildTimeRangeFilter}), the
 * aggregations read it (threshold's and suppression's latest event, new_terms' first seen: the
 * {@code kibana.combined_timestamp} runtime field), and suppression starts and ends at it. Elastic's own rules
 * override with {@code event.ingested}, so an event Kibana places by when it was ingested is not placed by when it
 * happened. The search sorts by the primary field, then the secondary, missing values last.
 *
 * @param primary   {@code timestamp_override}, or {@code @timestamp}
 * @param secondary {@code @timestamp} when the override falls back to it
 */
public record RuleTimestamp(String primary, Optional<String> secondary) {

    public static final String TIMESTAMP = "@timestamp";
    /** A rule without {@code timestamp_override}: events are placed by {@code @timestamp}. */
    public static final RuleTimestamp DEFAULT = new RuleTimestamp(TIMESTAMP, Optional.empty());

    public RuleTimestamp {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(secondary, "secondary");
    }

    /** The rule's {@code timestamp_override} and {@code timestamp_override_fallback_disabled}. */
    public static RuleTimestamp of(Rule rule) {
        JsonNode table = rule.document().at("/rule");
        JsonNode override = table.path("timestamp_override");
        if (!override.isTextual() || override.textValue().isBlank() || override.textValue().equals(TIMESTAMP)) {
            return DEFAULT;
        }
        boolean fallbackDisabled = table.path("timestamp_override_fallback_disabled").asBoolean(false);
        return new RuleTimestamp(override.textValue(), fallbackDisabled ? Optional.empty() : Optional.of(TIMESTAMP));
    }

    /** Whether the rule places events by another field than {@code @timestamp}. */
    public boolean overridden() {
        return !primary.equals(TIMESTAMP);
    }

    /** The fields as messages name them: {@code event.ingested, else @timestamp}. */
    public String describe() {
        return primary + secondary.map(s -> ", else " + s).orElse(" only");
    }

    /**
     * The event's time for the rule: its primary field's, else (when the rule falls back) its secondary field's;
     * empty when neither holds a date, so that no run's search returns it. A field of several dates gives the earliest
     * (the one an ascending sort takes). A value that is no date is not one (a cluster either refuses such an event or,
     * with {@code ignore_malformed}, indexes it without the field).
     */
    public Optional<Instant> time(JsonNode event) {
        return place(event).time();
    }

    /**
     * Where the event is placed: its {@link #time} and whether that is the fallback's ({@link #fallsBack}), each field
     * read once.
     */
    public Placement place(JsonNode event) {
        Optional<Instant> time = earliest(event, primary);
        if (time.isPresent() || secondary.isEmpty()) {
            return new Placement(time, false);
        }
        return new Placement(earliest(event, secondary.get()), true);
    }

    /**
     * @param time     the event's time for the rule; empty when it has none
     * @param fallback whether the rule falls back and the event lacks the override
     */
    public record Placement(Optional<Instant> time, boolean fallback) {
    }

    /**
     * Whether the event's time comes from the secondary field: the search's sort puts it after every event that has
     * the primary one.
     */
    public boolean fallsBack(JsonNode event) {
        return secondary.isPresent() && earliest(event, primary).isEmpty();
    }

    /** Epoch milliseconds of {@link #time}, or {@code none}. */
    public long millis(JsonNode event, long none) {
        return time(event).map(Instant::toEpochMilli).orElse(none);
    }

    /**
     * {@code buildTimeRangeFilter}: the primary field from {@code from} to {@code to}, both inclusive, or, when the
     * rule falls back, the secondary one on events without the primary field. The bounds as Kibana sends them
     * ({@code toISOString}).
     */
    public ObjectNode rangeFilter(Instant from, Instant to) {
        return rangeFilter(from, to, "lte");
    }

    /** As {@link #rangeFilter}, {@code to} excluded: one bucket of a range searched bucket by bucket. */
    public ObjectNode rangeFilterBefore(Instant from, Instant to) {
        return rangeFilter(from, to, "lt");
    }

    private ObjectNode rangeFilter(Instant from, Instant to, String upper) {
        ObjectNode primaryRange = range(primary, from, to, upper);
        if (secondary.isEmpty()) {
            return primaryRange;
        }
        ObjectNode filter = JsonNodeFactory.instance.objectNode();
        ObjectNode bool = filter.putObject("bool");
        bool.put("minimum_should_match", 1);
        var should = bool.putArray("should");
        should.add(primaryRange);
        var fallback = should.addObject().putObject("bool").putArray("filter");
        fallback.add(range(secondary.get(), from, to, upper));
        fallback.addObject().putObject("bool").putObject("must_not").putObject("exists").put("field", primary);
        return filter;
    }

    private static ObjectNode range(String field, Instant from, Instant to, String upper) {
        ObjectNode range = JsonNodeFactory.instance.objectNode();
        range.putObject("range").putObject(field)
                .put(upper, DateValues.isoMillis(to))
                .put("gte", DateValues.isoMillis(from))
                .put("format", "strict_date_optional_time");
        return range;
    }

    private static Optional<Instant> earliest(JsonNode event, String field) {
        Instant earliest = null;
        for (JsonNode value : EventFields.values(event, field)) {
            Optional<DateValues.DateSpan> span = DateValues.parseDocumentValue(value);
            if (span.isPresent() && (earliest == null || span.get().earliest().isBefore(earliest))) {
                earliest = span.get().earliest();
            }
        }
        return Optional.ofNullable(earliest);
    }
}
