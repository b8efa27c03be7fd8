package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eql.EventQuery;
import io.ruleforge.eql.QueryBody;
import io.ruleforge.evaluate.CompiledQuery;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.IndexedEvent;
import io.ruleforge.evaluate.MatcherCompiler;
import io.ruleforge.evaluate.RuleSelector;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.evaluate.eql.EqlMatch;
import io.ruleforge.evaluate.eql.EqlSettings;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.harness.HarnessCodes;
import io.ruleforge.harness.LuceneSupport;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Replays recorded events through a rule set: every event is read once, its fields indexed once, and decided by
 * every rule that can match it (rules compiled once, pre-selected per event — {@link RuleSelector}). A reader
 * thread streams events in batches through a bounded queue to one worker per core, each with its own tallies,
 * merged at the end, so memory stays bounded by the queue, the tallies and the sample alerts — except for EQL
 * sequences and samples, which keep the events that pass one of their filters and are decided after the stream in
 * timestamp order with their windows (EQL's own evaluator).
 *
 * <p>Query rules are decided as Elasticsearch would decide their DSL; EQL rules by ruleforge's EQL evaluator.
 * Other rule types are listed as not replayed, with the reason. Counts are raw matches: Kibana's per-execution
 * {@code max_signals} cap and alert suppression are not applied.
 */
public final class Replayer {

    /**
     * @param threads    worker threads (at least 1)
     * @param samples    sample alerts kept per rule
     * @param topValues  values listed per key field
     * @param clock      what {@code now} means in date math
     * @param alerts     receives each alert (rule file, events) as it is found, from worker threads; null for none
     */
    public record Options(int threads, int samples, int topValues, Clock clock, AlertSink alerts) {
        public Options {
            threads = Math.max(1, threads);
        }

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), 3, 5, Clock.systemUTC(), null);
        }

        public Options withAlerts(AlertSink sink) {
            return new Options(threads, samples, topValues, clock, sink);
        }

        public Options withThreads(int n) {
            return new Options(n, samples, topValues, clock, alerts);
        }
    }

    /** Where alerts go as they are found (alerts.ndjson); called from several threads. */
    public interface AlertSink {
        void alert(CompiledRule rule, long millis, List<RecordedEvent> events);
    }

    /** Called on the reader thread after each batch: events so far, stored bytes read, of how many. */
    public interface ProgressListener {
        void progress(long events, long bytesRead, long totalBytes);
    }

    private static final int BATCH = 512;
    private static final List<RecordedEvent> END = List.of();

    private final Options options;

    public Replayer(Options options) {
        this.options = options;
    }

    /**
     * @throws EventInputException at the first events file or line that cannot be read
     */
    public ReplayResult replay(List<CompiledRule> compiled, EventFiles files, ProgressListener progress) {
        long start = System.nanoTime();
        Instant now = options.clock().instant();
        Map<String, String> notReplayed = new TreeMap<>();
        List<ReplayRule> rules = prepare(compiled, notReplayed);
        List<ReplayRule.Dsl> dslRules = rules.stream().filter(ReplayRule.Dsl.class::isInstance).map(ReplayRule.Dsl.class::cast).toList();
        RuleSelector selector = new RuleSelector(dslRules.stream().map(ReplayRule.Dsl::query).toList());

        BlockingQueue<List<RecordedEvent>> queue = new ArrayBlockingQueue<>(options.threads() * 2);
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "ruleforge-replay");
            t.setDaemon(true);
            return t;
        });
        List<Future<Worker>> workers = new ArrayList<>();
        for (int i = 0; i < options.threads(); i++) {
            Worker w = new Worker(rules, selector, dslRules.size(), now);
            workers.add(pool.submit(() -> w.run(queue)));
        }
        Batcher batcher = new Batcher(queue, workers, files.totalBytes(), progress);
        try {
            files.read(batcher, batcher);
            batcher.flush();
        } catch (RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
        List<Worker> done = finish(queue, workers, pool);

        Worker merged = done.get(0);
        for (int i = 1; i < done.size(); i++) {
            merged.mergeFrom(done.get(i));
        }
        List<ReplayResult.RuleReplay> results = new ArrayList<>();
        EqlEvaluators eql = new EqlEvaluators();
        for (int r = 0; r < rules.size(); r++) {
            ReplayRule rule = rules.get(r);
            if (rule instanceof ReplayRule.EqlGroups groups) {
                decideGroups(groups, eql.of(groups.rule().indexFields()), merged.groupCandidates.get(r), merged.tallies[r]);
            }
            results.add(summary(rule, merged, r, files));
        }
        results.sort(Comparator.comparingLong(ReplayResult.RuleReplay::alerts).reversed().thenComparing(ReplayResult.RuleReplay::file));
        return new ReplayResult(batcher.events, files.displayNames(), (System.nanoTime() - start) / 1e9, options.threads(), results, notReplayed);
    }
    /** Compiles every rule that can be replayed; the others get a reason in {@code notReplayed}. */
    private List<ReplayRule> prepare(List<CompiledRule> compiled, Map<String, String> notReplayed) {
        Map<FieldSchema, MatcherCompiler> compilers = new IdentityHashMap<>();
        List<ReplayRule> rules = new ArrayList<>();
        for (CompiledRule c : compiled) {
            String file = c.rule().displayPath();
            String type = c.rule().type();
            Optional<String> luceneGap = LuceneSupport.notEvaluated(c);
            if (!type.equals("query") && !type.equals("eql")) {
                notReplayed.put(file, type + " rules are not replayed yet (only query and eql rules are)");
            } else if (luceneGap.isPresent()) {
                // its DSL may compile, but the matcher would decide the construct as something else, or refuse it
                notReplayed.put(file, luceneGap.get() + " (" + HarnessCodes.LUCENE_NOT_EVALUATED + ")");
            } else if (c.dsl().isPresent()) {
                MatcherCompiler compiler = compilers.computeIfAbsent(c.indexFields(), s -> new MatcherCompiler(s, options.clock()));
                try {
                    JsonNode dsl = c.dsl().get();
                    rules.add(new ReplayRule.Dsl(c, compiler.compile(dsl), ReplayRule.keyFields(ReplayRule.dslFields(dsl))));
                } catch (DslEvaluationException e) {
                    notReplayed.put(file, "Elasticsearch would reject its query: " + e.getMessage());
                }
            } else if (c.eqlSource().isPresent()) {
                EqlQuery q = c.eqlSource().get();
                List<String> keys = ReplayRule.keyFields(ReplayRule.eqlFields(q));
                rules.add(q.body() instanceof EventQuery eq && q.pipes().isEmpty()
                        ? new ReplayRule.EqlEvents(c, eq, keys)
                        : new ReplayRule.EqlGroups(c, q, q.eventQueries(), keys));
            } else {
                notReplayed.put(file, "it has no query ruleforge compiles (language " + c.rule().language().orElse("none") + ")");
            }
        }
        // query rules first: the selector numbers them 0..n-1 in this order
        List<ReplayRule> ordered = new ArrayList<>(rules.stream().filter(ReplayRule.Dsl.class::isInstance).toList());
        ordered.addAll(rules.stream().filter(r -> !(r instanceof ReplayRule.Dsl)).toList());
        return ordered;
    }

    /** Collects events into batches for the workers, and reports progress after each. */
    private static final class Batcher implements Consumer<RecordedEvent>, EventFiles.Progress {
        private final BlockingQueue<List<RecordedEvent>> queue;
        private final List<Future<Worker>> workers;
        private final long totalBytes;
        private final ProgressListener progress;
        private List<RecordedEvent> current = new ArrayList<>(BATCH);
        long events;
        long bytes;

        Batcher(BlockingQueue<List<RecordedEvent>> queue, List<Future<Worker>> workers, long totalBytes, ProgressListener progress) {
            this.queue = queue;
            this.workers = workers;
            this.totalBytes = totalBytes;
            this.progress = progress;
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
            put(queue, current, workers);
            events += current.size();
            current = new ArrayList<>(BATCH);
            progress.progress(events, Math.min(bytes, totalBytes), totalBytes);
        }
    }

    /** Waits for room in the queue; a worker that failed ends the replay with its error. */
    private static void put(BlockingQueue<List<RecordedEvent>> queue, List<RecordedEvent> batch, List<Future<Worker>> workers) {
        try {
            while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                for (Future<Worker> w : workers) {
                    if (w.isDone()) {
                        w.get();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static List<Worker> finish(BlockingQueue<List<RecordedEvent>> queue, List<Future<Worker>> workers, ExecutorService pool) {
        try {
            for (int i = 0; i < workers.size(); i++) {
                put(queue, END, workers);
            }
            List<Worker> done = new ArrayList<>();
            for (Future<Worker> w : workers) {
                done.add(w.get());
            }
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** EQL evaluators are not thread-safe: one per thread and mapping. */
    private static final class EqlEvaluators {
        private final Map<FieldSchema, EqlEvaluator> bySchema = new IdentityHashMap<>();

        EqlEvaluator of(FieldSchema schema) {
            return bySchema.computeIfAbsent(schema, s -> new EqlEvaluator(s, EqlSettings.defaults().withSize(Integer.MAX_VALUE)));
        }
    }

    /** One worker thread's share: its own tallies, and for sequences the events that passed one of their filters. */
    private final class Worker {
        private final List<ReplayRule> rules;
        private final RuleSelector selector;
        private final int dslCount;
        private final Instant now;
        private final EqlEvaluators eql = new EqlEvaluators();
        final RuleTally[] tallies;
        final long[] rejected;
        final String[] rejection;
        final Map<Integer, List<RecordedEvent>> groupCandidates = new LinkedHashMap<>();

        Worker(List<ReplayRule> rules, RuleSelector selector, int dslCount, Instant now) {
            this.rules = rules;
            this.selector = selector;
            this.dslCount = dslCount;
            this.now = now;
            this.tallies = new RuleTally[rules.size()];
            this.rejected = new long[rules.size()];
            this.rejection = new String[rules.size()];
            for (int r = 0; r < rules.size(); r++) {
                tallies[r] = new RuleTally(rules.get(r).keyFields(), options.samples());
                if (rules.get(r) instanceof ReplayRule.EqlGroups) {
                    groupCandidates.put(r, new ArrayList<>());
                }
            }
        }

        Worker run(BlockingQueue<List<RecordedEvent>> queue) throws InterruptedException {
            for (List<RecordedEvent> batch = queue.take(); batch != END; batch = queue.take()) {
                for (RecordedEvent e : batch) {
                    decide(e);
                }
            }
            return this;
        }

        private void decide(RecordedEvent e) {
            JsonNode source = e.source();
            long[] millis = {Long.MIN_VALUE + 1};
            selector.forEachMatch(new IndexedEvent(source, now), q -> alert(q, e, millis), (error, q) -> {
                rejected[q]++;
                rejection[q] = rejection[q] == null ? error.getMessage() : rejection[q];
            });
            for (int r = dslCount; r < rules.size(); r++) {
                ReplayRule rule = rules.get(r);
                if (rule instanceof ReplayRule.EqlEvents ev) {
                    if (eql.of(rule.rule().indexFields()).matches(ev.query(), source)) {
                        alert(r, e, millis);
                    }
                } else if (rule instanceof ReplayRule.EqlGroups groups) {
                    EqlEvaluator evaluator = eql.of(rule.rule().indexFields());
                    for (EventQuery term : groups.terms()) {
                        if (evaluator.matches(term, source)) {
                            groupCandidates.get(r).add(e);
                            break;
                        }
                    }
                }
            }
        }

        /** The event's time is read once, and only for events some rule alerts on. */
        private void alert(int rule, RecordedEvent e, long[] millis) {
            if (millis[0] == Long.MIN_VALUE + 1) {
                millis[0] = EventTimes.millis(e.source());
            }
            tallies[rule].add(millis[0], e.sequence(), e.source(), List.of(e));
            if (options.alerts() != null) {
                options.alerts().alert(rules.get(rule).rule(), millis[0], List.of(e));
            }
        }

        void mergeFrom(Worker other) {
            for (int r = 0; r < tallies.length; r++) {
                tallies[r].merge(other.tallies[r]);
                rejected[r] += other.rejected[r];
                rejection[r] = rejection[r] != null ? rejection[r] : other.rejection[r];
            }
            other.groupCandidates.forEach((r, events) -> groupCandidates.get(r).addAll(events));
        }
    }

    /** A sequence or sample over the events that passed one of its filters, in input order (the evaluator orders by time). */
    private void decideGroups(ReplayRule.EqlGroups rule, EqlEvaluator evaluator, List<RecordedEvent> candidates, RuleTally tally) {
        candidates.sort(Comparator.comparingLong(RecordedEvent::sequence));
        Map<JsonNode, RecordedEvent> byDocument = new IdentityHashMap<>();
        List<JsonNode> documents = new ArrayList<>(candidates.size());
        for (RecordedEvent e : candidates) {
            byDocument.put(e.source(), e);
            documents.add(e.source());
        }
        for (EqlMatch match : evaluator.evaluate(rule.query(), documents)) {
            List<RecordedEvent> events = match.events().stream().filter(java.util.Objects::nonNull).map(byDocument::get).toList();
            if (events.isEmpty()) {
                continue;
            }
            RecordedEvent last = events.get(events.size() - 1);
            long millis = EventTimes.millis(last.source());
            tally.add(millis, last.sequence(), last.source(), events);
            if (options.alerts() != null) {
                options.alerts().alert(rule.rule(), millis, events);
            }
        }
        candidates.clear();
    }

    private ReplayResult.RuleReplay summary(ReplayRule rule, Worker merged, int r, EventFiles files) {
        RuleTally t = merged.tallies[r];
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
                s.events().stream().map(e -> files.displayNames().get(e.file()) + ":" + e.line()).toList(),
                s.events().stream().map(RecordedEvent::source).toList())).toList();
        CompiledRule c = rule.rule();
        return new ReplayResult.RuleReplay(c.rule().displayPath(), c.rule().ruleId(), c.rule().name(), c.rule().type(), t.alerts,
                t.alerts > t.withoutTime ? Instant.ofEpochMilli(t.first).toString() : null,
                t.alerts > t.withoutTime ? Instant.ofEpochMilli(t.last).toString() : null,
                t.withoutTime, perDay, top, samples, merged.rejected[r], merged.rejection[r]);
    }
}

