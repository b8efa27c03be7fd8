package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eql.EventQuery;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.IndexedEvent;
import io.ruleforge.evaluate.MatcherCompiler;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.harness.ThreatQueries;
import io.ruleforge.diag.Diagnostic;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.RuleSelector;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.evaluate.alerts.EqlAlerts;
import io.ruleforge.evaluate.alerts.RuleTimestamp;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.harness.HarnessCodes;
import io.ruleforge.harness.LuceneSupport;
import io.ruleforge.kql.KibanaVersion;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Replays recorded events through a rule set as Kibana's detection engine would have run it over the recorded
 * period: every event is read once, its fields indexed once, and decided by every rule that can match it (rules
 * compiled once, pre-selected per event — {@link RuleSelector}) on one worker per core; the decided batches go back,
 * in input order, to the reader thread's {@link ReplayTimeline}, which places each rule's runs every {@code interval}
 * ({@link RuleSchedule}) and writes the alerts each run would write: per event for query rules, over the run's
 * window for threshold, new_terms, alert suppression, EQL rules (their search's size is {@code max_signals}), ES|QL
 * and indicator match — with
 * {@code max_signals} per run and alert suppression (per run, or with a duration across runs). Memory stays bounded
 * by the batches in flight, the events of one look-back of the windowed rules, new terms' per-term history and the
 * tallies.
 *
 * <p>Query rules are decided as Elasticsearch would decide their DSL; EQL rules by ruleforge's EQL evaluator, ES|QL
 * rules by its ES|QL evaluator. Other rule types (indicator match, machine learning) are listed as not replayed,
 * with the reason.
 */
public final class Replayer {

    /**
     * @param threads    worker threads (at least 1)
     * @param samples    sample alerts kept per rule
     * @param topValues  values listed per key field
     * @param clock      what {@code now} means in date math
     * @param alerts     receives each alert (rule file, events) as a run writes it, on the reader thread; null for none
     * @param indicators the threat index's documents, for indicator match rules; null when none was given (those
     *                   rules are then not replayed)
     * @param kibanaVersion whose detection engine is reproduced where releases differ (indicator match's terms
     *                   shortcut: 8.10 and later)
     */
    public record Options(int threads, int samples, int topValues, Clock clock, AlertSink alerts, List<ObjectNode> indicators,
                          KibanaVersion kibanaVersion) {
        public Options {
            threads = Math.max(1, threads);
            indicators = indicators == null ? null : List.copyOf(indicators);
            java.util.Objects.requireNonNull(kibanaVersion, "kibanaVersion");
        }

        public Options(int threads, int samples, int topValues, Clock clock, AlertSink alerts, List<ObjectNode> indicators) {
            this(threads, samples, topValues, clock, alerts, indicators, KibanaVersion.DEFAULT);
        }

        public Options(int threads, int samples, int topValues, Clock clock, AlertSink alerts) {
            this(threads, samples, topValues, clock, alerts, null);
        }

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), 3, 5, Clock.systemUTC(), null, null);
        }

        public Options withAlerts(AlertSink sink) {
            return new Options(threads, samples, topValues, clock, sink, indicators, kibanaVersion);
        }

        public Options withThreads(int n) {
            return new Options(n, samples, topValues, clock, alerts, indicators, kibanaVersion);
        }

        public Options withIndicators(List<ObjectNode> documents) {
            return new Options(threads, samples, topValues, clock, alerts, documents, kibanaVersion);
        }

        public Options withKibanaVersion(KibanaVersion version) {
            return new Options(threads, samples, topValues, clock, alerts, indicators, version);
        }
    }

    /** Where alerts go as runs write them (alerts.ndjson, PR mode); called from one thread. */
    public interface AlertSink {
        /** @param group what the alert is about beyond its events (threshold group, new terms, suppression), if anything */
        void alert(CompiledRule rule, long millis, List<RecordedEvent> events, Optional<AlertGroup> group);
    }

    /** Called on the reader thread after each batch: events so far, stored bytes read, of how many. */
    public interface ProgressListener {
        void progress(long events, long bytesRead, long totalBytes);
    }

    private static final int BATCH = 512;

    private final Options options;

    public Replayer(Options options) {
        this.options = options;
    }

    /**
     * @throws EventInputException when an events file cannot be read, or (after reading on) lines that are not events
     */
    public ReplayResult replay(List<CompiledRule> compiled, EventFiles files, ProgressListener progress) {
        long start = System.nanoTime();
        Instant now = options.clock().instant();
        Map<String, String> notReplayed = new TreeMap<>();
        List<ReplayRule> rules = prepare(compiled, notReplayed);
        RuleTally[] tallies = new RuleTally[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            tallies[r] = new RuleTally(rules.get(r).keyFields(), options.samples());
        }
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "ruleforge-replay");
            t.setDaemon(true);
            return t;
        });
        // the workers that decide the events' batches also decide rules' runs beside the reading thread, which hands
        // the events on to the rules: with one worker, everything but the batches stays on that thread
        ReplayTimeline timeline = new ReplayTimeline(rules, tallies, options.alerts(), options.indicators(), options.kibanaVersion(),
                pool, options.threads() - 1);
        Decider decider = decider(rules, now);
        Batcher batcher = new Batcher(pool, decider, timeline, files.totalBytes(), progress, options.threads() * 2);
        try {
            files.read(batcher, batcher);
            batcher.flush();
            batcher.drain(0);
            timeline.finish();
        } finally {
            pool.shutdownNow();
        }
        List<ReplayResult.RuleReplay> results = new ArrayList<>();
        for (int r = 0; r < rules.size(); r++) {
            results.add(summary(rules.get(r), r, tallies[r], timeline, batcher, files));
        }
        results.sort(Comparator.comparingLong(ReplayResult.RuleReplay::alerts).reversed().thenComparing(ReplayResult.RuleReplay::file));
        ReplayResult.Timeline period = new ReplayResult.Timeline(
                timeline.firstMillis() == EventTimes.NONE ? null : Instant.ofEpochMilli(timeline.firstMillis()).toString(),
                timeline.lastMillis() == EventTimes.NONE ? null : Instant.ofEpochMilli(timeline.lastMillis()).toString(),
                timeline.withoutTime, timeline.outOfOrder,
                timeline.firstOutOfOrder == null ? null : at(files, timeline.firstOutOfOrder), timeline.outOfOrderOn);
        ReplayResult.Indices indices = new ReplayResult.Indices(batcher.withIndex, batcher.events - batcher.withIndex,
                batcher.searchedByNone, batcher.notSearched);
        return new ReplayResult(batcher.events, files.displayNames(), (System.nanoTime() - start) / 1e9, options.threads(),
                period, indices, results, notReplayed);
    }

    /** Compiles every rule that can be replayed; the others get a reason in {@code notReplayed}. */
    List<ReplayRule> prepare(List<CompiledRule> compiled, Map<String, String> notReplayed) {
        Map<FieldSchema, MatcherCompiler> compilers = new IdentityHashMap<>();
        List<ReplayRule> rules = new ArrayList<>();
        for (CompiledRule c : compiled) {
            String file = c.rule().displayPath();
            String type = c.rule().type();
            AlertRuleSpec spec = AlertRuleSpec.of(c.rule(), c.indexFields());
            JsonNode intervalNode = c.rule().document().at("/rule/interval");
            String interval = intervalNode.isTextual() ? intervalNode.asText() : RuleSchedule.DEFAULT_INTERVAL;
            List<Diagnostic> threatProblems = new ArrayList<>();
            Optional<String> ungroupable = spec.ungroupable(c.indexFields());
            if (!SUPPORTED_TYPES.contains(type)) {
                notReplayed.put(file, type + " rules are not replayed (replay runs query, eql, threshold, new_terms, esql and threat_match rules)");
            } else if (ungroupable.isPresent()) {
                notReplayed.put(file, ungroupable.get());
            } else if (LuceneSupport.notEvaluated(c).isPresent()) {
                // its DSL may compile, but the matcher would decide the construct as something else, or refuse it
                notReplayed.put(file, LuceneSupport.notEvaluated(c).get() + " (" + HarnessCodes.LUCENE_NOT_EVALUATED + ")");
            } else if (type.equals("threat_match") && options.indicators() == null) {
                notReplayed.put(file, "an indicator match rule needs the threat index: give its documents as NDJSON (--indicators FILE, or the plugin's indicators parameter: -Druleforge.indicators=FILE)");
            } else if (type.equals("threat_match") && ThreatQueries.of(c, threatProblems).isEmpty()) {
                notReplayed.put(file, "its threat_query selects no indicator: " + threatProblems.stream().map(Diagnostic::message).findFirst().orElse("it does not compile"));
            } else if (RuleSchedule.intervalMillis(interval).isEmpty()) {
                notReplayed.put(file, "its interval \"" + interval + "\" is not a duration such as 5m, so its runs cannot be placed");
            } else if (c.esqlSource().isPresent()) {
                List<String> own = new ArrayList<>(grouping(spec));
                own.addAll(ReplayRule.esqlGroupings(c.esqlSource().get()));
                rules.add(new ReplayRule.Esql(c, spec, interval, c.esqlSource().get(),
                        ReplayRule.keyFields(List.copyOf(new java.util.LinkedHashSet<>(own)))));
            } else if (c.dsl().isPresent()) {
                MatcherCompiler compiler = compilers.computeIfAbsent(c.indexFields(), s -> new MatcherCompiler(s, options.clock()));
                try {
                    JsonNode dsl = c.searchDsl().get();
                    List<String> own = new ArrayList<>(grouping(spec));
                    own.addAll(ReplayRule.dslFields(dsl));
                    rules.add(new ReplayRule.Dsl(c, spec, interval, compiler.compile(dsl), ReplayRule.keyFields(List.copyOf(new java.util.LinkedHashSet<>(own)))));
                } catch (DslEvaluationException e) {
                    notReplayed.put(file, e.refusal("its query") + ": " + e.getMessage());
                }
            } else if (c.eqlSource().isPresent() && type.equals("eql")) {
                Optional<String> refused = refusedFilters(c);
                if (refused.isPresent()) {
                    notReplayed.put(file, "Elasticsearch would reject its filters: " + refused.get());
                    continue;
                }
                EqlQuery q = c.eqlSource().get();
                Optional<String> undecidable = new EqlEvaluator(c.indexFields(), EqlAlerts.settings(c)).refusal(q);
                if (undecidable.isPresent()) {
                    notReplayed.put(file, "its query cannot be decided here: " + undecidable.get());
                    continue;
                }
                List<String> own = new ArrayList<>(grouping(spec));
                own.addAll(ReplayRule.eqlFields(q));
                List<String> keys = ReplayRule.keyFields(List.copyOf(new java.util.LinkedHashSet<>(own)));
                rules.add(q.body() instanceof EventQuery eq && q.pipes().isEmpty()
                        ? new ReplayRule.EqlEvents(c, spec, interval, eq, keys)
                        : new ReplayRule.EqlGroups(c, spec, interval, q, q.eventQueries(), keys));
            } else {
                notReplayed.put(file, "it has no query ruleforge compiles (language " + c.rule().language().orElse("none") + ")");
            }
        }
        // query rules first: the selector numbers them 0..n-1 in this order
        List<ReplayRule> ordered = new ArrayList<>(rules.stream().filter(ReplayRule.Dsl.class::isInstance).toList());
        ordered.addAll(rules.stream().filter(r -> !(r instanceof ReplayRule.Dsl)).toList());
        return ordered;
    }

    /** The fields a rule's alerts are grouped by, first among its key fields: threshold, new terms, suppression. */
    private static List<String> grouping(AlertRuleSpec spec) {
        java.util.Set<String> fields = new java.util.LinkedHashSet<>();
        // suppression's group decides what an alert stands for (its suppressed_count), so it leads new terms' fields
        spec.threshold().ifPresent(t -> fields.addAll(t.fields()));
        spec.suppression().ifPresent(g -> fields.addAll(g.groupBy()));
        spec.newTerms().ifPresent(n -> fields.addAll(n.fields()));
        return List.copyOf(fields);
    }

    /** Why Elasticsearch would refuse an EQL rule's filters (its search's filter), if it would. */
    private Optional<String> refusedFilters(CompiledRule c) {
        try {
            c.filters().ifPresent(f -> new MatcherCompiler(c.indexFields(), options.clock()).compile(f));
            return Optional.empty();
        } catch (DslEvaluationException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** What decides the prepared rules on each event, on any thread. */
    static Decider decider(List<ReplayRule> rules, Instant now) {
        List<ReplayRule.Dsl> dslRules = rules.stream().filter(ReplayRule.Dsl.class::isInstance).map(ReplayRule.Dsl.class::cast).toList();
        return new Decider(rules, new RuleSelector(dslRules.stream().map(ReplayRule.Dsl::query).toList()), dslRules.size(), now);
    }

    private static final java.util.Set<String> SUPPORTED_TYPES = java.util.Set.of("query", "saved_query", "eql", "threshold", "new_terms", "esql", "threat_match");

    /** How many indices no rule searches are named in the result, with their event counts. */
    static final int NAMED_INDICES = 10;

    /** What the workers decided on one batch: per event its time on each clock and the rules that match it. */
    record Decided(List<RecordedEvent> events, long[][] millis, int[][] matched, long[] rejected, String[] rejection,
                   boolean[] searchedByNone) {
    }

    /**
     * Collects events into batches, has the workers decide them, and hands the decided batches to the timeline in
     * input order (on the reader thread); reports progress after each batch. At most {@code inFlight} batches wait.
     */
    private static final class Batcher implements Consumer<RecordedEvent>, EventFiles.Progress {
        private final ExecutorService pool;
        private final Decider decider;
        private final ReplayTimeline timeline;
        private final long totalBytes;
        private final ProgressListener progress;
        private final int inFlight;
        private final ArrayDeque<Future<Decided>> pending = new ArrayDeque<>();
        private List<RecordedEvent> current = new ArrayList<>(BATCH);
        long events;
        long bytes;
        long withIndex;
        long searchedByNone;
        /** The indices of those, with their counts: the first {@link #NAMED_INDICES} names met. */
        final Map<String, Long> notSearched = new TreeMap<>();
        long[] rejected;
        String[] rejection;

        Batcher(ExecutorService pool, Decider decider, ReplayTimeline timeline, long totalBytes, ProgressListener progress, int inFlight) {
            this.pool = pool;
            this.decider = decider;
            this.timeline = timeline;
            this.totalBytes = totalBytes;
            this.progress = progress;
            this.inFlight = inFlight;
            this.rejected = new long[decider.rules.size()];
            this.rejection = new String[decider.rules.size()];
        }

        @Override
        public void accept(RecordedEvent e) {
            current.add(e);
            if (current.size() == BATCH) {
                flush();
            }
        }

        @Override
        public void bytesRead(long n) {
            bytes += n;
        }

        void flush() {
            if (current.isEmpty()) {
                return;
            }
            List<RecordedEvent> batch = current;
            pending.addLast(pool.submit(() -> decider.decide(batch)));
            events += batch.size();
            current = new ArrayList<>(BATCH);
            drain(inFlight);
            progress.progress(events, Math.min(bytes, totalBytes), totalBytes);
        }

        /** Hands decided batches to the timeline, oldest first, until at most {@code left} wait. */
        void drain(int left) {
            while (pending.size() > left) {
                Decided d;
                try {
                    d = pending.pollFirst().get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("replay interrupted", e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
                for (int i = 0; i < d.events().size(); i++) {
                    RecordedEvent e = d.events().get(i);
                    timeline.accept(e, d.millis()[i], d.matched()[i]);
                    if (e.index() != null) {
                        withIndex++;
                    }
                    if (d.searchedByNone()[i]) {
                        searchedByNone++;
                        if (notSearched.containsKey(e.index()) || notSearched.size() < NAMED_INDICES) {
                            notSearched.merge(e.index(), 1L, Long::sum);
                        }
                    }
                }
                for (int r = 0; r < rejected.length; r++) {
                    rejected[r] += d.rejected()[r];
                    rejection[r] = rejection[r] != null ? rejection[r] : d.rejection()[r];
                }
            }
        }
    }

    /**
     * EQL evaluators are not thread-safe: one per thread and rule, with the rule's EQL settings ({@code timestamp_field},
     * {@code event_category_override}, {@code tiebreaker_field}: as the test stage reads them, {@link EqlAlerts#settings}).
     */
    private static final class EqlEvaluators {
        // keyed by the rule itself: the settings are read from its document once, not per event
        private final Map<CompiledRule, EqlEvaluator> byRule = new IdentityHashMap<>();
        /** What {@code now} is in the rules' filters: the replay's clock, as for the DSL rules' queries. */
        private final Instant now;

        EqlEvaluators(Instant now) {
            this.now = now;
        }

        EqlEvaluator of(CompiledRule rule) {
            return byRule.computeIfAbsent(rule, r -> new EqlEvaluator(r.indexFields(),
                    EqlAlerts.settings(r).withSize(Integer.MAX_VALUE), now));
        }
    }

    /**
     * Decides batches on the worker threads: per event its time on each clock ({@link ReplayTimeline#clocks}: its
     * {@code @timestamp}, and the rules' {@code timestamp_override}s) and the rules whose query returns it
     * (for sequences and samples: one of whose filters passes it). Immutable but for one EQL evaluator set per thread.
     */
    static final class Decider {
        private final List<ReplayRule> rules;
        private final RuleSelector selector;
        private final int dslCount;
        private final Instant now;
        private final List<RuleTimestamp> clocks;
        private final ThreadLocal<EqlEvaluators> eql;
        private final List<IndexScope> scopes;
        /** Which EQL rules can match an event at all; null when there is none. */
        private final EqlSelector eqlSelector;
        /** Per index name seen, which rules search it: worked out once per name, on whichever thread meets it first. */
        private final Map<String, boolean[]> searchedBy = new java.util.concurrent.ConcurrentHashMap<>();

        Decider(List<ReplayRule> rules, RuleSelector selector, int dslCount, Instant now) {
            this.rules = rules;
            this.scopes = rules.stream().map(IndexScope::of).toList();
            this.clocks = ReplayTimeline.clocks(rules);
            this.eql = ThreadLocal.withInitial(() -> new EqlEvaluators(now));
            this.selector = selector;
            this.dslCount = dslCount;
            this.now = now;
            this.eqlSelector = rules.stream().anyMatch(r -> r instanceof ReplayRule.EqlEvents || r instanceof ReplayRule.EqlGroups)
                    ? new EqlSelector(rules) : null;
        }

        /**
         * Which rules search events of {@code index}; null for an event of no known index (every rule does), and
         * {@link #SEARCHED_BY_NONE} for an index no rule searches.
         */
        private boolean[] searchedBy(String index) {
            return index == null ? null : searchedBy.computeIfAbsent(index, name -> {
                boolean[] searched = new boolean[rules.size()];
                boolean any = false;
                for (int r = 0; r < searched.length; r++) {
                    searched[r] = scopes.get(r).searches(name);
                    any |= searched[r];
                }
                return any ? searched : SEARCHED_BY_NONE;
            });
        }

        private static final boolean[] SEARCHED_BY_NONE = new boolean[0];

        Decided decide(List<RecordedEvent> batch) {
            EqlEvaluators evaluators = eql.get();
            long[][] millis = new long[batch.size()][clocks.size()];
            int[][] matched = new int[batch.size()][];
            long[] rejected = new long[rules.size()];
            String[] rejection = new String[rules.size()];
            boolean[] searchedByNone = new boolean[batch.size()];
            int[] found = new int[rules.size()];
            for (int i = 0; i < batch.size(); i++) {
                JsonNode source = batch.get(i).source();
                for (int c = 0; c < clocks.size(); c++) {
                    millis[i][c] = EventTimes.millis(source, clocks.get(c));
                }
                boolean[] searched = searchedBy(batch.get(i).index());
                if (searched == SEARCHED_BY_NONE) {
                    searchedByNone[i] = true; // still in the period: the rules' runs are placed over all events
                    continue;
                }
                int[] n = {0};
                selector.forEachMatch(new IndexedEvent(source, now), q -> {
                    if (searched == null || searched[q]) {
                        found[n[0]++] = q;
                    }
                }, (error, q) -> {
                    if (searched == null || searched[q]) {
                        rejected[q]++;
                        rejection[q] = rejection[q] == null ? error.getMessage() : rejection[q];
                    }
                });
                boolean[] eqlCandidates = eqlSelector == null ? null : eqlSelector.candidates(source);
                for (int r = dslCount; r < rules.size(); r++) {
                    ReplayRule rule = rules.get(r);
                    if (searched != null && !searched[r] || eqlCandidates != null && (rule instanceof ReplayRule.EqlEvents
                            || rule instanceof ReplayRule.EqlGroups) && !eqlCandidates[r]) {
                        continue;
                    }
                    if (rule instanceof ReplayRule.Esql) {
                        found[n[0]++] = r; // its query runs over every event of its window
                    } else if (rule instanceof ReplayRule.EqlEvents ev) {
                        if (evaluators.of(rule.rule()).matches(ev.query(), source)) {
                            found[n[0]++] = r;
                        }
                    } else if (rule instanceof ReplayRule.EqlGroups groups) {
                        EqlEvaluator evaluator = evaluators.of(rule.rule());
                        for (EventQuery term : groups.terms()) {
                            if (evaluator.matches(term, source)) {
                                found[n[0]++] = r;
                                break;
                            }
                        }
                    }
                }
                matched[i] = n[0] == 0 ? null : java.util.Arrays.copyOf(found, n[0]);
            }
            return new Decided(batch, millis, matched, rejected, rejection, searchedByNone);
        }

    }

    private static String at(EventFiles files, RecordedEvent e) {
        return e.file() == RecordedEvent.RESULT_ROW ? "an ES|QL result row" : files.displayNames().get(e.file()) + ":" + e.line();
    }

    private ReplayResult.RuleReplay summary(ReplayRule rule, int r, RuleTally t, ReplayTimeline timeline, Batcher batcher, EventFiles files) {
        Map<String, Long> perDay = new LinkedHashMap<>();
        t.perDay.forEach((day, n) -> perDay.put(LocalDate.ofEpochDay(day).toString(), n));
        Map<String, List<ReplayResult.ValueCount>> top = new LinkedHashMap<>();
        for (String field : t.keyFields()) {
            Map<String, Long> counts = t.values.getOrDefault(field, Map.of());
            List<ReplayResult.ValueCount> best = counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(options.topValues()).map(e -> new ReplayResult.ValueCount(e.getKey(), e.getValue())).toList();
            if (!best.isEmpty()) {
                top.put(field, best);
            }
        }
        List<ReplayResult.Sample> samples = t.samples().stream().map(s -> new ReplayResult.Sample(
                s.millis() == EventTimes.NONE ? null : Instant.ofEpochMilli(s.millis()).toString(),
                s.events().stream().map(e -> at(files, e)).toList(),
                s.events().stream().map(RecordedEvent::source).toList())).toList();
        CompiledRule c = rule.rule();
        RuleTimeline runs = timeline.of(r);
        ReplayResult.Runs counted = runs == null ? new ReplayResult.Runs(rule.interval(), 0, 0, 0, 0, 0, 0)
                : new ReplayResult.Runs(rule.interval(), timeline.runs(r), runs.maxSignalsHits, runs.cappedAlerts,
                runs.suppressed, runs.outsideWindows, runs.lateEvents);
        String rejection = batcher.rejection[r] != null ? batcher.rejection[r] : runs == null ? null : runs.refusal;
        return new ReplayResult.RuleReplay(c.rule().displayPath(), c.rule().ruleId(), c.rule().name(), c.rule().type(), t.alerts,
                t.alerts > t.withoutTime ? Instant.ofEpochMilli(t.first).toString() : null,
                t.alerts > t.withoutTime ? Instant.ofEpochMilli(t.last).toString() : null,
                counted, perDay, top, samples, batcher.rejected[r], rejection);
    }
}
