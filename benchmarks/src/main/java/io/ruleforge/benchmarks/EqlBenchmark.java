package io.ruleforge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.eql.EqlParseResult;
import io.ruleforge.eql.EqlParser;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.evaluate.eql.EqlEvaluator;
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
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * EQL: parsing every EQL query of Elastic's rule corpus (one operation = all of them; corpus folder from
 * {@code -Druleforge.bench.rules}, default {@code ../shared/corpus/detection-rules}), and the sequence evaluator
 * on a stream of events (one operation = one sequence rule over 1,000 events from 20 hosts, of which a few
 * complete the sequence).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EqlBenchmark {

    static final int EVENTS = 1_000;

    private List<String> corpus;
    private EqlQuery sequence;
    private List<JsonNode> events;
    private EqlEvaluator evaluator;

    @Setup
    public void load() throws IOException {
        corpus = BenchCorpus.ruleQueries("eql");
        sequence = ((EqlParseResult.Success) EqlParser.parse("""
                sequence by host.id with maxspan=1m
                  [process where event.type == "start" and process.parent.name : ("winword.exe", "excel.exe") and
                     process.name : ("cmd.exe", "powershell.exe")] by process.entity_id
                  [network where event.type == "connection" and
                     not cidrMatch(destination.ip, "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")] by process.entity_id
                """)).query();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> stream = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < EVENTS; i++) {
            ObjectNode e = json.createObjectNode();
            e.put("@timestamp", t0.plusSeconds(i * 3L).toString());
            e.putObject("host").put("id", "host-" + (i % 20));
            boolean start = i % 2 == 0;
            e.putObject("event").put("category", start ? "process" : "network").put("type", start ? "start" : "connection");
            ObjectNode process = e.putObject("process");
            process.put("entity_id", "p-" + (i / 2 % 50));
            process.put("name", i % 7 == 0 ? "powershell.exe" : "svchost.exe");
            process.putObject("parent").put("name", i % 11 == 0 ? "winword.exe" : "services.exe");
            e.putObject("destination").put("ip", i % 5 == 0 ? "203.0.113." + (i % 250) : "10.0.0." + (i % 250));
            stream.add(e);
        }
        events = List.copyOf(stream);
        evaluator = new EqlEvaluator(EcsSchemas.defaultSchema());
    }

    @Benchmark
    public void parseCorpus(Blackhole blackhole) {
        for (String query : corpus) {
            blackhole.consume(EqlParser.parse(query));
        }
    }

    @Benchmark
    public void sequenceOverThousandEvents(Blackhole blackhole) {
        blackhole.consume(evaluator.evaluate(sequence, events));
    }
}
