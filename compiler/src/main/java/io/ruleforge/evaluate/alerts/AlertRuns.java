package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.evaluate.alerts.AlertRuleSpec.Suppression;
import io.ruleforge.evaluate.eql.EqlSettings;
import io.ruleforge.fields.FieldSchema;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Several executions of a rule over one stream, with what Kibana carries from one execution to the next:
 *
 * <ul>
 *   <li><b>Windows.</b> Each execution searches {@code from}…{@code to} resolved against its moment; when it starts
 *   later than one window after the previous one ({@code getRuleRangeTuples}: gap = time since the previous start −
 *   ({@code to} − {@code from})), it first searches up to 4 catch-up windows, each one {@code interval} earlier
 *   ({@code getCatchupTuples}, {@code MAX_RULE_GAP_RATIO}), oldest first, in the same execution.</li>
 *   <li><b>Written alerts.</b> An alert's id comes from its event (new_terms: and its terms), so an event in two
 *   overlapping windows alerts once ({@code filterDuplicateAlerts}).</li>
 *   <li><b>Group history.</b> A threshold group that alerted ({@code signalHistory}), and a suppression group of a
 *   query rule that the composite aggregation returned ({@code bucketHistory}: its first {@code max_signals} groups
 *   in key order, whether or not they were folded into earlier alerts), exclude their events up to the group's latest
 *   event from later windows, while that time is after the window's start.</li>
 *   <li><b>Suppression into earlier alerts</b> ({@code alertWithSuppression} of the rule registry): a suppression
 *   group whose open alert was created ({@code kibana.alert.start}) since {@code now − duration} (per rule execution,
 *   for the types suppressed in memory: since the window's start, and only by the same execution; a query rule
 *   without a duration folds nothing: its buckets go through a plain bulkCreate) is not written again: the earlier alert's
 *   {@code kibana.alert.suppression.docs_count} grows by the group's events and its {@code suppression.end} moves to
 *   the latest; groups (or, for in-memory suppression, events) no later than that alert's {@code suppression.end}
 *   were already counted and are dropped.</li>
 * </ul>
 *
 * One execution here gives exactly the alerts of {@link RuleAlerts#run} (EQL rules: of {@link EqlAlerts#run}, whose
 * search and in-memory grouping each window reuses; a sequence's alerts are its shell and building blocks, and its
 * suppression time is the execution's). Indicator match rules ({@link #runSearched}) group each window's matched
 * events in memory as an EQL event query's alerts are grouped. Alerts are not closed between executions. {@link Executor} runs the
 * executions one at a time over the events the caller still holds (replay).
 */
public final class AlertRuns {

    /** Kibana's {@code MAX_RULE_GAP_RATIO}: the most catch-up windows one execution searches. */
    public static final int MAX_CATCHUP_WINDOWS = 4;

    private AlertRuns() {
    }

    /** A window an execution searches, both ends inclusive. */
    public record Window(Instant from, Instant to) {
    }

    /**
     * An alert of an earlier execution this one suppressed events into.
     *
     * @param suppressed its {@code kibana.alert.suppression.docs_count} after this execution
     * @param added      how much this execution added to it
     */
    public record Extended(Map<String, String> key, long suppressed, long added) {
        public Extended {
            key = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(key));
        }
    }

    /**
     * What one execution did.
     *
     * @param windows    the windows it searched, catch-up windows first
     * @param created    the alerts it wrote (their {@code suppressed} as at the end of the execution)
     * @param extended   earlier alerts it suppressed events into
     * @param capped     alerts left out by {@code max_signals}
     */
    public record Execution(Instant now, List<Window> windows, List<Alert> created, List<Extended> extended, int capped) {
        public Execution {
            windows = List.copyOf(windows);
            created = List.copyOf(created);
            extended = List.copyOf(extended);
        }

        /** Events suppressed by this execution: into its own alerts and into earlier ones. */
        public long suppressed() {
            return created.stream().mapToLong(Alert::suppressed).sum() + extended.stream().mapToLong(Extended::added).sum();
        }

        /** The execution as one {@link AlertRun} (its main window), for the checks a single run has. */
        public AlertRun asRun(Optional<Instant> historyStart) {
            Window main = windows.get(windows.size() - 1);
            return new AlertRun(created, main.from(), main.to(), historyStart, capped);
        }
    }

    /** An alert written by an execution, as later executions find it. */
    private static final class OpenAlert {
        final Map<String, String> key;
        final Instant alertStart;
        final int execution;
        Instant suppressionStart;
        Instant suppressionEnd;
        long docsCount;
        Alert alert;

        OpenAlert(Map<String, String> key, Instant alertStart, int execution, Instant start, Instant end, long docsCount, Alert alert) {
            this.key = key;
            this.alertStart = alertStart;
            this.execution = execution;
            this.suppressionStart = start;
            this.suppressionEnd = end;
            this.docsCount = docsCount;
            this.alert = alert;
        }
    }

    /** A suppression candidate: a group of this window, the span of its events and the events folded into it. */
    private record Candidate(Map<String, String> key, Alert alert, Instant start, Instant end, long docs) {
    }

    /**
     * @param interval the rule's {@code interval}: how far back each catch-up window lies
     * @param runs     the moments the rule runs, in increasing order
     */
    public static List<Execution> run(AlertRuleSpec spec, Duration interval, List<StreamEvent> stream, List<Instant> runs) {
        return new State(spec, interval, stream, null, null).runAll(runs);
    }

    /**
     * Several executions of an EQL rule over one stream: each window searched as {@link EqlAlerts} searches it (the
     * events' {@code matched} flags are not used: the EQL query decides), what carries over as for the other types.
     *
     * @param settings the rule's EQL settings ({@link EqlAlerts#settings})
     */
    public static List<Execution> runEql(AlertRuleSpec spec, Duration interval, EqlQuery query, FieldSchema schema,
                                         EqlSettings settings, List<StreamEvent> stream, List<Instant> runs) {
        return new State(spec, interval, stream, new EqlSource(query, schema, settings), null).runAll(runs);
    }

    /**
     * Executions of an EQL rule one at a time, for a caller that holds only the events the next execution can see.
     *
     * @param settings the rule's EQL settings ({@link EqlAlerts#settings})
     */
    public static Executor eql(AlertRuleSpec spec, EqlQuery query, FieldSchema schema, EqlSettings settings) {
        return new Executor(new State(spec, Duration.ZERO, List.of(), new EqlSource(query, schema, settings), null));
    }

    /**
     * Executions of a rule whose alerts come from its query's matches (a query rule, suppressed or not) one at a
     * time, as {@link #eql} for EQL rules (replay); the events' {@code matched} flags are the query's verdicts.
     */
    public static Executor matched(AlertRuleSpec spec) {
        return new Executor(new State(spec, Duration.ZERO, List.of(), null, null));
    }

    /**
     * A rule's executions one at a time, each over a window the caller places and the events it holds for it; what
     * carries over (written alert ids, open suppression alerts) is forgotten once no later window can reach it, so
     * memory follows the windows, not the executions. Windows must not move backwards.
     */
    public static final class Executor {
        private final State state;
        private int executions;

        private Executor(State state) {
            this.state = state;
        }

        /** @param stream the events the window can hold (others are ignored), indexed by their place in this list */
        public Execution next(Instant now, Window window, List<StreamEvent> stream) {
            state.stream = stream;
            state.forgetBefore(now, window);
            return state.execute(executions++, now, List.of(window));
        }
    }

    /** An EQL rule's search. */
    private record EqlSource(EqlQuery query, FieldSchema schema, EqlSettings settings) {
    }

    /**
     * The search of a rule type whose window's alerts are not the events' {@code matched} flags (indicator match:
     * the events its query returns in the window that match an indicator its threat query selects at {@code now}).
     */
    @FunctionalInterface
    public interface WindowSearch {
        /**
         * @return one per alert the search gives, in any order (they are put in timestamp order here, as Kibana's
         *         suppressing executors search them and {@code suppressAlertsInMemory} sorts them)
         */
        List<Found> search(Instant now, Window window, List<StreamEvent> stream);

        /**
         * The search's results in the pages the executor takes them in, one after another in the same execution,
         * until {@link #truncated} stops it (ES|QL: {@link EsqlAlerts.Run#search}); one page unless overridden.
         */
        default List<List<Found>> pages(Instant now, Window window, List<StreamEvent> stream) {
            return List.of(search(now, window, stream));
        }
    }

    /**
     * An alert a {@link WindowSearch} gives.
     *
     * @param event the stream index of the document the alert is built from: its time (suppression start and end)
     *              and its {@code _id} (by identity: the same document in a later window is the same alert)
     * @param terms the document the suppression terms are read from (indicator match: the event; ES|QL: the result
     *              row merged over its source event)
     */
    public record Found(int event, JsonNode terms) {
    }

    /**
     * Several executions of a rule whose alerts are one per event of a {@link WindowSearch} (indicator match), with
     * what carries over as for the other types; with suppression, each window's events are grouped in memory as an
     * EQL event query's are: Kibana's indicator match executor (8.13+, {@code create_event_signal.ts} /
     * {@code create_threat_signal.ts}: {@code searchAfterAndBulkCreateSuppressedAlerts} →
     * {@code bulkCreateSuppressedAlertsInMemory}) wraps its enriched events with {@code wrapSuppressedAlerts}, whose
     * {@code getSuppressionTerms} reads the event's fields-API values, the same terms as an EQL event alert's.
     */
    public static List<Execution> runSearched(AlertRuleSpec spec, Duration interval, WindowSearch search,
                                              List<StreamEvent> stream, List<Instant> runs) {
        return new State(spec, interval, stream, null, search).runAll(runs);
    }

    /** Executions of a {@link WindowSearch} rule one at a time, as {@link #eql} for EQL rules (replay). */
    public static Executor searched(AlertRuleSpec spec, WindowSearch search) {
        return new Executor(new State(spec, Duration.ZERO, List.of(), null, search));
    }

    /**
     * What makes an alert's {@code _id}: the documents it is built from (by identity: the same event object is the
     * same source document; a sequence: all of its events) and, for new terms, its terms.
     */
    private record AlertId(List<Source> documents, Map<String, String> terms) {
    }

    /** A query suppression bucket's alert as its {@code _id} names it. */
    private record BucketId(Source topHit, Map<String, String> key, Instant start, Instant end) {
    }

    /** A source document, equal only to itself. */
    private record Source(Object document) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Source other && other.document == document;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(document);
        }
    }

    /** The windows of an execution at {@code now}, catch-up windows first; {@code previous} is the previous start. */
    public static List<Window> windows(AlertRuleSpec spec, Duration interval, Instant now, Optional<Instant> previous) {
        Instant from = RuleAlerts.resolve(spec.from(), now);
        Instant to = RuleAlerts.resolve(spec.to(), now);
        List<Window> windows = new ArrayList<>();
        if (previous.isPresent() && !interval.isZero() && !interval.isNegative()) {
            Duration gap = Duration.between(previous.get(), now).minus(Duration.between(from, to));
            if (!gap.isNegative() && !gap.isZero()) {
                long ratio = (gap.toMillis() + interval.toMillis() - 1) / interval.toMillis();
                long catchup = Math.min(ratio, MAX_CATCHUP_WINDOWS);
                for (long i = catchup; i >= 1; i--) {
                    windows.add(new Window(from.minus(interval.multipliedBy(i)), to.minus(interval.multipliedBy(i))));
                }
            }
        }
        windows.add(new Window(from, to));
        return windows;
    }

    private static final class State {
        private final AlertRuleSpec spec;
        private final Duration interval;
        private final EqlSource eql;
        private final WindowSearch searched;
        private List<StreamEvent> stream;
        /** The ids of written alerts, with their earliest event's time (when they can no longer recur). */
        private final Map<AlertId, Instant> writtenIds = new HashMap<>();
        private final Map<Map<String, String>, OpenAlert> open;
        private final Map<Map<String, String>, Instant> groupHistory;
        /** The buckets a query rule without a duration wrote, by what makes their {@code _id}. */
        private final Set<BucketId> writtenBuckets = new HashSet<>();

        State(AlertRuleSpec spec, Duration interval, List<StreamEvent> stream, EqlSource eql, WindowSearch searched) {
            this.spec = spec;
            this.interval = interval;
            this.stream = stream;
            this.eql = eql;
            this.searched = searched;
            this.open = new TreeMap<>(spec.groupKeys());
            this.groupHistory = new TreeMap<>(spec.groupKeys());
        }

        List<Execution> runAll(List<Instant> runs) {
            List<Execution> out = new ArrayList<>();
            for (int e = 0; e < runs.size(); e++) {
                Instant now = runs.get(e);
                out.add(execute(e, now, windows(spec, interval, now, e == 0 ? Optional.empty() : Optional.of(runs.get(e - 1)))));
            }
            return out;
        }

        Execution execute(int e, Instant now, List<Window> windows) {
            Map<OpenAlert, Long> extendedBy = new LinkedHashMap<>();
            List<OpenAlert> created = new ArrayList<>();
            int capped = 0;
            for (Window window : windows) {
                // each window (catch-up tuple) is its own call of the rule type's executor, with max_signals of its
                // own (getRuleRangeTuples gives every tuple the rule's maxSignals)
                List<OpenAlert> inWindow = new ArrayList<>();
                Map<OpenAlert, Long> extendedInWindow = new LinkedHashMap<>();
                if (eql != null) {
                    capped += inMemoryWindow(e, now, window, EqlAlerts.search(spec, eql.query(), eql.schema(), eql.settings(),
                            stream, window.from(), window.to(), now), inWindow, extendedInWindow);
                } else if (searched != null) {
                    capped += pagedWindow(e, now, window, inWindow, extendedInWindow);
                } else {
                    capped += window(e, now, window, inWindow, extendedInWindow);
                }
                created.addAll(inWindow);
                extendedInWindow.forEach((alert, added) -> extendedBy.merge(alert, added, Long::sum));
            }
            List<Extended> extended = new ArrayList<>();
            extendedBy.forEach((alert, added) -> extended.add(new Extended(alert.key, alert.docsCount, added)));
            return new Execution(now, windows, created.stream()
                    .map(a -> a.key == null ? a.alert : a.alert.withSuppression(a.alert.key(), a.docsCount)).toList(),
                    extended, capped);
        }

        /**
         * Forgets what no execution from {@code now} over {@code window} or later can find: ids of alerts built from
         * events before the window, open alerts created before the suppression window.
         */
        void forgetBefore(Instant now, Window window) {
            writtenIds.values().removeIf(t -> t.isBefore(window.from()));
            // a bucket of a later window starts in it: one that started before cannot be built again
            writtenBuckets.removeIf(b -> b.start().isBefore(window.from()));
            spec.suppression().ifPresent(s -> {
                Instant start = s.duration().map(now::minus).orElse(window.from());
                open.values().removeIf(a -> a.alertStart.isBefore(start));
            });
        }

        /**
         * A {@link WindowSearch}'s pages, each suppressed in memory as one search's results, the next one taken only
         * while the execution is not {@link #truncated} — Kibana's ES|QL executor ({@code esql.ts}, 8.15+) breaks
         * its page loop when {@code bulkCreateSuppressedAlertsInMemory} reports {@code alertsWereTruncated}.
         */
        private int pagedWindow(int e, Instant now, Window window, List<OpenAlert> created, Map<OpenAlert, Long> extendedBy) {
            List<List<Found>> pages = searched.pages(now, window, stream);
            int capped = 0;
            for (int p = 0; p < pages.size(); p++) {
                if (p > 0 && truncated(e, created, extendedBy)) {
                    break;
                }
                capped += inMemoryWindow(e, now, window, searchedResults(pages.get(p)), created, extendedBy);
            }
            return capped;
        }

        /**
         * Kibana's {@code executeBulkCreateAlerts} with {@code maxNumberOfAlertsMultiplier: 1} (what ES|QL passes):
         * {@code alertsWereTruncated = suppressed + created >= maxSignals || created >= maxSignals}, both counted over
         * the window so far (the executor's {@code toReturn}, one call per window); suppressed = events folded into
         * this window's alerts and into earlier ones.
         */
        private boolean truncated(int e, List<OpenAlert> created, Map<OpenAlert, Long> extendedBy) {
            long mine = created.stream().filter(a -> a.execution == e).count();
            long suppressed = created.stream().filter(a -> a.execution == e && a.key != null).mapToLong(a -> a.docsCount).sum()
                    + extendedBy.values().stream().mapToLong(Long::longValue).sum();
            return mine >= spec.maxSignals() || mine + suppressed >= spec.maxSignals();
        }

        /**
         * A {@link WindowSearch}'s alerts as the results of one search: in the search's order (Kibana's
         * indicator match executor searches events {@code asc} when suppression is configured, so that the
         * suppression boundaries come out right, {@code desc} when not, and {@code suppressAlertsInMemory} sorts by suppression start).
         * One page: Kibana's paging of events and indicators ({@code items_per_search}, search-after pages of
         * {@code max_signals} events) is not reproduced, so a window is taken to fit one page.
         */
        private EqlAlerts.Results searchedResults(List<Found> page) {
            List<Found> found = new ArrayList<>(page);
            found.sort(Comparator.comparing(f -> stream.get(f.event()), StreamEvent.searchOrder(spec)));
            return new EqlAlerts.Results(false,
                    found.stream().map(f -> new Alert(Map.of(), 1, OptionalLong.empty(), 0, List.of(f.event()))).toList(),
                    found.stream().map(f -> List.of(f.terms())).toList());
        }

        /**
         * One window of a rule whose search results are suppressed in memory (EQL: {@link EqlAlerts#search};
         * indicator match: {@link #searchedResults}); without suppression every result not written before; with
         * suppression ({@code bulkCreateSuppressedAlertsInMemory}, Kibana 8.13–8.18), the alerts missing a group
         * field first, cut at {@code max_signals} counting a sequence's building blocks, then the search's groups
         * ({@code bulkCreateWithSuppression}), cut at what is left in shells (all of them when nothing is: Kibana's
         * limit of 0 is no limit).
         */
        private int inMemoryWindow(int e, Instant now, Window window, EqlAlerts.Results results, List<OpenAlert> created,
                                   Map<OpenAlert, Long> extendedBy) {
            int room = roomLeft(e, created);
            if (spec.suppression().isEmpty()) {
                return unsuppressed(e, now, results.alerts(), room, a -> 1, created);
            }
            ToIntFunction<Alert> cost = a -> results.sequence() ? 1 + a.events().size() : 1;
            Function<Alert, Instant> time = a -> results.sequence() ? now : time(a);
            EqlAlerts.Grouped grouped = EqlAlerts.group(spec.suppression().get(), results, spec.groupKeys());
            int capped = unsuppressed(e, now, grouped.unsuppressed(), room, cost, created);
            Suppression suppression = spec.suppression().get();
            Instant suppressionWindowStart = suppression.duration().isEmpty() ? window.from() : now.minus(suppression.duration().get());
            List<Candidate> candidates = new ArrayList<>();
            for (EqlAlerts.Group group : grouped.groups()) {
                inMemory(e, group.key(), group.members(), suppressionWindowStart, time).ifPresent(candidates::add);
            }
            room = roomLeft(e, created);
            return capped + admit(e, now, candidates, room == 0 ? -1 : room, cost, suppression.duration().isEmpty(),
                    suppressionWindowStart, created, extendedBy);
        }

        /**
         * What {@code max_signals} leaves to the window being searched, given the alerts {@code created} in it so far
         * (a sequence's shell counts one).
         */
        private int roomLeft(int e, List<OpenAlert> created) {
            return Math.max(0, spec.maxSignals() - (int) created.stream().filter(a -> a.execution == e).count());
        }

        /** One window of execution {@code e}; returns the alerts {@code max_signals} left out. */
        private int window(int e, Instant now, Window window, List<OpenAlert> created, Map<OpenAlert, Long> extendedBy) {
            List<StreamEvent> matched = stream.stream().filter(StreamEvent::matched).toList();
            // kept while its latest event is after the window's start (threshold's getSignalHistory, the query
            // executor's filterBucketHistory: both `> tuple.from`)
            groupHistory.values().removeIf(last -> !last.isAfter(window.from()));
            boolean queryGroups = spec.suppression().isPresent() && isQuery();
            List<StreamEvent> inWindow = matched.stream()
                    .filter(ev -> ev.within(window.from(), window.to()))
                    .filter(ev -> !(spec.threshold().isPresent() || queryGroups) || !inHistory(ev))
                    .sorted(StreamEvent.searchOrder(spec))
                    .toList();
            List<Alert> alerts;
            if (spec.threshold().isPresent()) {
                alerts = ThresholdAlerts.alerts(spec.threshold().get(), inWindow, spec.groupKeys());
            } else if (spec.newTerms().isPresent()) {
                Instant historyStart = RuleAlerts.resolve(spec.newTerms().get().historyWindowStart(), window.to());
                alerts = NewTermsAlerts.alerts(spec.newTerms().get(), matched, window.from(), window.to(), historyStart, spec.groupKeys());
            } else {
                alerts = new ArrayList<>();
                for (StreamEvent ev : inWindow) {
                    alerts.add(new Alert(new LinkedHashMap<>(), 1, OptionalLong.empty(), 0, List.of(ev.index())));
                }
            }
            int room = roomLeft(e, created);
            if (spec.suppression().isEmpty() || (spec.threshold().isPresent() && spec.suppression().get().duration().isEmpty())) {
                return unsuppressed(e, now, alerts, room, a -> 1, created);
            }
            return suppressed(e, now, window, alerts, room, created, extendedBy);
        }

        private boolean isQuery() {
            return spec.type().equals("query") || spec.type().equals("saved_query");
        }

        /** Whether a group of the history holds the event up to the group's latest event (the executor's must_not). */
        private boolean inHistory(StreamEvent event) {
            for (Map.Entry<Map<String, String>, Instant> entry : groupHistory.entrySet()) {
                if (event.timestamp().isAfter(entry.getValue())) {
                    continue;
                }
                boolean all = entry.getKey().entrySet().stream().allMatch(f -> {
                    List<String> values = spec.groupKeys().compositeKeys(event.document(), f.getKey());
                    // a term query on the field: by value as its type stores it
                    return f.getValue() == null ? values.isEmpty()
                            : values.stream().anyMatch(v -> spec.groupKeys().sameValue(f.getKey(), v, f.getValue()));
                });
                if (all) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Writes alerts not written before while {@code max_signals} leaves room: {@code room} documents, each alert
         * taking {@code cost} (a sequence: its shell and building blocks; written while fewer than {@code room} are).
         */
        private int unsuppressed(int e, Instant now, List<Alert> alerts, int room, ToIntFunction<Alert> cost, List<OpenAlert> created) {
            int capped = 0;
            int written = 0;
            for (Alert alert : alerts) {
                // a threshold alert's id includes the execution's start: a later execution writes it anew
                if (spec.threshold().isEmpty() && writtenIds.containsKey(id(alert))) {
                    continue;
                }
                if (written >= room) {
                    capped++;
                    continue;
                }
                written += cost.applyAsInt(alert);
                written(alert);
                created.add(new OpenAlert(null, now, e, null, null, alert.suppressed(), alert));
                if (spec.threshold().isPresent()) {
                    groupHistory.merge(alert.key(), latest(alert.events()), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            return capped;
        }

        private int suppressed(int e, Instant now, Window window, List<Alert> alerts, int room, List<OpenAlert> created,
                               Map<OpenAlert, Long> extendedBy) {
            Suppression suppression = spec.suppression().get();
            boolean perExecution = suppression.duration().isEmpty();
            Instant suppressionWindowStart = perExecution ? window.from() : now.minus(suppression.duration().get());
            List<Alert> regular = new ArrayList<>();
            List<Candidate> candidates = new ArrayList<>();
            int buckets = 0;
            int capped = 0;
            if (spec.threshold().isPresent()) {
                alerts.forEach(a -> candidates.add(new Candidate(a.key(), a, earliest(a.events()), latest(a.events()), 0)));
            } else {
                for (AlertSuppression.Group group : AlertSuppression.groups(suppression, alerts, stream, isQuery(), spec.groupKeys())) {
                    if (!group.suppressible()) {
                        regular.add(group.members().get(0).withSuppression(group.key(), 0));
                        continue;
                    }
                    if (!isQuery()) {
                        inMemory(e, group.key(), group.members(), suppressionWindowStart, this::time).ifPresent(candidates::add);
                        continue;
                    }
                    // groupAndBulkCreate takes one page of the composite aggregation (size max_signals, in key
                    // order): a group beyond it is neither written nor in the bucket history, so the next
                    // execution searches its events again
                    if (buckets == spec.maxSignals()) {
                        capped++;
                        continue;
                    }
                    buckets++;
                    List<Alert> members = group.members();
                    Instant start = members.stream().map(this::time).min(Instant::compareTo).orElseThrow();
                    Instant end = members.stream().map(this::time).max(Instant::compareTo).orElseThrow();
                    candidates.add(new Candidate(group.key(), members.get(0).withSuppression(group.key(), members.size() - 1),
                            start, end, members.size() - 1));
                    groupHistory.merge(group.key(), end, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            if (!isQuery() && spec.threshold().isEmpty()) {
                // in memory (new_terms: executeBulkCreateAlerts): the alerts missing a group field first, then the
                // groups in suppressAlertsInMemory's order (suppression start), cut at what is left (0: no cut)
                capped += unsuppressed(e, now, regular, roomLeft(e, created), a -> 1, created);
                candidates.sort(Comparator.comparing(Candidate::start));
                int left = roomLeft(e, created);
                return capped + admit(e, now, candidates, left == 0 ? -1 : left, a -> 1, perExecution, suppressionWindowStart,
                        created, extendedBy);
            }
            capped += admit(e, now, candidates, room, a -> 1, perExecution, suppressionWindowStart, created, extendedBy);
            // the events missing a group field (doNotSuppress) alert one by one, at most max_signals − buckets
            // (maxUnsuppressedCount), whether or not the buckets were folded into earlier alerts
            int unsuppressedRoom = isQuery() ? Math.min(roomLeft(e, created), Math.max(0, spec.maxSignals() - buckets)) : roomLeft(e, created);
            capped += unsuppressed(e, now, regular, unsuppressedRoom, a -> 1, created);
            return capped;
        }

        /**
         * A group suppressed in memory (not by the search): its events an earlier execution's alert of the group
         * already counted (up to its {@code suppression.end}) and those already alerted on are dropped, one by one;
         * empty when none is left.
         */
        private Optional<Candidate> inMemory(int e, Map<String, String> key, List<Alert> members, Instant suppressionWindowStart,
                                             Function<Alert, Instant> time) {
            OpenAlert existing = existing(key, suppressionWindowStart);
            if (existing != null && existing.execution != e) {
                members = members.stream().filter(m -> time.apply(m).isAfter(existing.suppressionEnd)).toList();
            }
            members = members.stream().filter(m -> !writtenIds.containsKey(id(m))).toList();
            if (members.isEmpty()) {
                return Optional.empty();
            }
            Instant start = members.stream().map(time).min(Instant::compareTo).orElseThrow();
            Instant end = members.stream().map(time).max(Instant::compareTo).orElseThrow();
            return Optional.of(new Candidate(key, members.get(0).withSuppression(key, members.size() - 1), start, end, members.size() - 1));
        }

        /**
         * Suppression groups into alerts, as the rule registry's {@code alertWithSuppression} does: a group an open
         * alert (created since {@code suppressionWindowStart}) holds is folded into it (per execution: only into one
         * of this execution; a query rule's buckets without a duration: never); the others are written while
         * {@code limit} documents leave room (−1: no limit).
         */
        private int admit(int e, Instant now, List<Candidate> candidates, int limit, ToIntFunction<Alert> cost,
                          boolean perExecution, Instant suppressionWindowStart, List<OpenAlert> created,
                          Map<OpenAlert, Long> extendedBy) {
            int capped = 0;
            int written = 0;
            // a query rule without a duration writes its buckets with a plain bulkCreate: no other alert is looked
            // up (not even one of an earlier catch-up window of this execution), and a bucket is written unless one
            // of the same _id was
            boolean plainBuckets = perExecution && isQuery();
            for (Candidate c : candidates) {
                OpenAlert existing = plainBuckets ? null : existing(c.key(), suppressionWindowStart);
                if (plainBuckets && writtenBuckets.contains(bucketId(c))) {
                    // the same bucket again: a group whose only event lies exactly at this window's start (its history
                    // entry, ending there, was dropped) — the create of the same _id fails
                    continue;
                }
                if (existing != null && existing.execution != e && !c.end().isAfter(existing.suppressionEnd)) {
                    continue; // already suppressed into that alert
                }
                boolean duplicate = existing != null && (!perExecution || existing.execution == e);
                if (duplicate) {
                    if (c.end().isAfter(existing.suppressionEnd)) {
                        existing.suppressionEnd = c.end();
                    }
                    if (existing.execution == e && !c.start().isAfter(existing.suppressionStart)) {
                        existing.suppressionStart = c.start();
                    }
                    existing.docsCount += c.docs() + 1;
                    if (existing.execution != e) {
                        extendedBy.merge(existing, c.docs() + 1, Long::sum);
                    }
                    continue;
                }
                if (limit >= 0 && written >= limit) {
                    capped++;
                    continue;
                }
                written += cost.applyAsInt(c.alert());
                if (!isQuery() && spec.threshold().isEmpty() && writtenIds.containsKey(id(c.alert()))) {
                    // an in-memory group whose alert has the _id of one this batch already wrote (ES|QL 8.15: two
                    // rows of one event in different groups): its bulk create fails (409) after the maxAlerts cut
                    // took its place — no alert, its events counted nowhere
                    continue;
                }
                OpenAlert alert = new OpenAlert(c.key(), now, e, c.start(), c.end(), c.docs(), c.alert());
                open.put(c.key(), alert);
                if (plainBuckets) {
                    writtenBuckets.add(bucketId(c));
                }
                created.add(alert);
                written(c.alert());
                if (spec.threshold().isPresent()) {
                    groupHistory.merge(c.key(), latest(c.alert().events()), (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            return capped;
        }

        /** The group's open alert a suppression search finds: created since {@code windowStart}. */
        private OpenAlert existing(Map<String, String> key, Instant windowStart) {
            OpenAlert alert = open.get(key);
            return alert != null && !alert.alertStart.isBefore(windowStart) ? alert : null;
        }

        /**
         * What {@code wrapSuppressedAlerts} hashes into a query bucket's alert {@code _id}: its first event (the
         * top hit), its terms, its start and end ({@code docs_count} is not part of it).
         */
        private BucketId bucketId(Candidate c) {
            return new BucketId(new Source(stream.get(c.alert().events().get(0)).document()), c.key(), c.start(), c.end());
        }

        private AlertId id(Alert alert) {
            List<Integer> from = eql != null ? alert.events() : alert.events().subList(0, 1);
            return new AlertId(from.stream().map(i -> new Source(stream.get(i).document())).toList(),
                    spec.newTerms().isPresent() ? alert.key() : Map.of());
        }

        private void written(Alert alert) {
            writtenIds.put(id(alert), earliest(alert.events()));
        }

        private Instant time(Alert alert) {
            return stream.get(alert.events().get(0)).timestamp();
        }

        private Instant earliest(List<Integer> events) {
            return events.stream().map(i -> stream.get(i).timestamp()).min(Instant::compareTo).orElseThrow();
        }

        private Instant latest(List<Integer> events) {
            return events.stream().map(i -> stream.get(i).timestamp()).max(Instant::compareTo).orElseThrow();
        }
    }
}
