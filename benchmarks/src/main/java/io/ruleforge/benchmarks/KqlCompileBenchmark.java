package io.ruleforge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.dsl.DslCompiler;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Parse + compile of every KQL query of the conformance corpus (482 real rule queries), one benchmark operation
 * being the whole corpus. The corpus path comes from {@code -Druleforge.bench.corpus} (default
 * {@code ../shared/conformance/kql/kibana-8.9_nofields.jsonl}, relative to the working directory). Run:
 * {@code java -Druleforge.bench.corpus=<path> -jar benchmarks/target/benchmarks.jar}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KqlCompileBenchmark {

    private List<String> queries;
    private DslCompiler noFields89;
    private DslCompiler ecs812;

    @Setup
    public void loadCorpus() throws IOException {
        queries = BenchCorpus.jsonLinesField("ruleforge.bench.corpus", "../shared/conformance/kql/kibana-8.9_nofields.jsonl", "query")
                .stream().map(JsonNode::asText).toList();
        noFields89 = new DslCompiler(KibanaVersion.V8_9, FieldSchema.none());
        ecs812 = new DslCompiler(KibanaVersion.V8_12, EcsSchemas.load("9.4.0"));
    }

    /** What the conformance test checks against Kibana 8.9: parse, then DSL without a data view. */
    @Benchmark
    public void parseAndCompileCorpus89NoFields(Blackhole blackhole) {
        compileAll(KibanaVersion.V8_9, noFields89, blackhole);
    }

    /** Typed fields: every field name is resolved against the ECS 9.4.0 schema. */
    @Benchmark
    public void parseAndCompileCorpus812Ecs(Blackhole blackhole) {
        compileAll(KibanaVersion.V8_12, ecs812, blackhole);
    }

    /** The front end alone. */
    @Benchmark
    public void parseCorpus(Blackhole blackhole) {
        for (String query : queries) {
            blackhole.consume(KqlParser.parse(query, KibanaVersion.V8_9));
        }
    }

    private void compileAll(KibanaVersion version, DslCompiler compiler, Blackhole blackhole) {
        for (String query : queries) {
            KqlParseResult result = KqlParser.parse(query, version);
            if (!(result instanceof KqlParseResult.Success success)) {
                throw new IllegalStateException("corpus query does not parse: " + query);
            }
            JsonNode dsl = compiler.compile(success.query().root());
            blackhole.consume(dsl);
        }
    }
}
