package io.ruleforge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.CompiledQuery;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.IndexedEvent;
import io.ruleforge.evaluate.MatcherCompiler;
import io.ruleforge.evaluate.RuleSelector;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * (rule, event) decisions per second on one thread: the 482 corpus rules' Kibana 8.12/ECS DSL × 2,000 realistic
 * events ({@link RealisticEvents}). {@code compiledRulesOverEvents}: one operation is every rule against every
 * event through {@link RuleSelector} (the event's fields indexed once, rules pre-selected by required values,
 * compiled matchers); {@code evaluatorOverEvents}: the anchor, the same rules through {@link DslEvaluator} on the
 * first 100 events (it is ~100× slower). Decisions/s = rules × events / (seconds per operation). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar ReplayBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ReplayBenchmark {

    static final int EVENTS = 2_000;
    static final int ANCHOR_EVENTS = 100;

    private List<JsonNode> queries;
    private List<JsonNode> events;
    private RuleSelector selector;
    private DslEvaluator evaluator;
    private Instant now;

    @Setup
    public void load() throws IOException {
        load(EVENTS);
    }

    /** As {@link #load()} with another number of events (the first ones of the same deterministic stream). */
    void load(int eventCount) throws IOException {
        List<JsonNode> loaded = BenchCorpus.jsonLinesField("ruleforge.bench.dsl", "../shared/conformance/kql/kibana-8.12_ecs.jsonl", "dsl");
        FieldSchema ecs = EcsSchemas.defaultSchema();
        now = Instant.parse("2026-11-27T00:00:00Z");
        Clock clock = Clock.fixed(now, java.time.ZoneOffset.UTC);
        MatcherCompiler compiler = new MatcherCompiler(ecs, clock);
        List<CompiledQuery> compiled = new ArrayList<>();
        List<JsonNode> accepted = new ArrayList<>();
        for (JsonNode q : loaded) {
            try {
                compiled.add(compiler.compile(q));
                accepted.add(q);
            } catch (DslEvaluationException rejected) {
                // Elasticsearch rejects it: no decisions to make
            }
        }
        queries = List.copyOf(accepted);
        selector = new RuleSelector(compiled);
        evaluator = new DslEvaluator(ecs, clock);
        events = RealisticEvents.generate(eventCount, 20);
        long matches = 0;
        long expected = 0;
        for (int e = 0; e < ANCHOR_EVENTS; e++) {
            long[] count = {0};
            selector.forEachMatch(new IndexedEvent(events.get(e), now), q -> count[0]++, (x, q) -> { });
            matches += count[0];
            for (JsonNode q : queries) {
                expected += evaluator.evaluate(q, events.get(e)).matched() ? 1 : 0;
            }
        }
        if (matches != expected) {
            throw new IllegalStateException("compiled matchers found " + matches + " matches, the evaluator " + expected);
        }
        System.out.printf("%n%d rules (%d with required values) × %d events; %d matches on the first %d events%n",
                queries.size(), selector.selective(), eventCount, matches, ANCHOR_EVENTS);
    }

    @Benchmark
    public long compiledRulesOverEvents() {
        long[] matches = {0};
        for (JsonNode event : events) {
            selector.forEachMatch(new IndexedEvent(event, now), q -> matches[0]++, (x, q) -> matches[0]--);
        }
        return matches[0];
    }

    /** The rules decided (those the compiler accepts), in corpus order. */
    List<JsonNode> queries() {
        return queries;
    }

    /** The events decided, in generation order. */
    List<JsonNode> events() {
        return events;
    }

    /**
     * Which events each rule matches, by compiled matchers and selection as {@link #compiledRulesOverEvents} decides
     * them: element {@code r} holds the indexes of the events rule {@code r} matches.
     */
    BitSet[] matchesByRule() {
        BitSet[] matches = new BitSet[queries.size()];
        Arrays.setAll(matches, r -> new BitSet(events.size()));
        for (int e = 0; e < events.size(); e++) {
            int event = e;
            selector.forEachMatch(new IndexedEvent(events.get(e), now), q -> matches[q].set(event), (x, q) -> { });
        }
        return matches;
    }

    long decisionsPerOperation() {
        return (long) queries.size() * events.size();
    }

    long anchorDecisionsPerOperation() {
        return (long) queries.size() * ANCHOR_EVENTS;
    }

    @Benchmark
    public long evaluatorOverEvents() {
        long matches = 0;
        for (int e = 0; e < ANCHOR_EVENTS; e++) {
            for (JsonNode q : queries) {
                matches += evaluator.evaluate(q, events.get(e)).matched() ? 1 : 0;
            }
        }
        return matches;
    }
}
