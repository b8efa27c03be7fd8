package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * An event of a stream and whether the rule's query returns it (decided before, by a verdict source).
 *
 * @param index     its place in the stream, 0-based: alerts name their events by it
 * @param document  the event
 * @param timestamp its time for the rule ({@link RuleTimestamp}: {@code @timestamp}, or the rule's
 *                  {@code timestamp_override}); {@link #NO_TIME} when it has none
 * @param matched   whether the rule's query (and filters) return it, time aside
 * @param fallback  whether its time is the override's fallback ({@code @timestamp} of an event without the override
 *                  field): the search's sort puts it after the events that have the override
 */
public record StreamEvent(int index, ObjectNode document, Instant timestamp, boolean matched, boolean fallback) {

    /**
     * The time of an event without the rule's time fields: earlier than every window, so no run's search returns it,
     * as Kibana's range filter leaves it out of every search.
     */
    public static final Instant NO_TIME = Instant.MIN;

    /**
     * The order a rule's search returns its events in: Kibana sorts by the primary time field, then the secondary,
     * missing values last, so the override's times come first, then the fallback's; ties (by the override's time) by
     * {@code @timestamp}, then in stream order. Ascending, but for an indicator match rule without suppression, whose
     * executor searches newest first ({@code create_threat_signals}: {@code sortOrder = isAlertSuppressionConfigured ?
     * 'asc' : 'desc'}), so that {@code max_signals} keeps the newest (missing values still last).
     */
    public static Comparator<StreamEvent> searchOrder(AlertRuleSpec spec) {
        boolean newestFirst = spec.type().equals("threat_match") && spec.suppression().isEmpty();
        Comparator<Instant> direction = newestFirst ? Comparator.reverseOrder() : Comparator.naturalOrder();
        Comparator<StreamEvent> order = Comparator.comparing(StreamEvent::fallback).thenComparing(StreamEvent::timestamp, direction);
        if (spec.time().overridden()) {
            // without an override the time is @timestamp already: no second key to read
            order = order.thenComparing(e -> RuleTimestamp.DEFAULT.time(e.document()).orElse(Instant.MAX), direction);
        }
        return order.thenComparingInt(StreamEvent::index);
    }

    public StreamEvent {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** An event placed by its {@code @timestamp}, given. */
    public StreamEvent(int index, ObjectNode document, Instant timestamp, boolean matched) {
        this(index, document, timestamp, matched, false);
    }

    /** An event placed by the rule's time fields. */
    public static StreamEvent of(int index, ObjectNode document, RuleTimestamp time, boolean matched) {
        RuleTimestamp.Placement placed = time.place(document);
        return new StreamEvent(index, document, placed.time().orElse(NO_TIME), matched, placed.fallback());
    }

    /** Whether the event's time is in {@code from}…{@code to}, both inclusive. */
    public boolean within(Instant from, Instant to) {
        return !timestamp.isBefore(from) && !timestamp.isAfter(to);
    }
}
