package io.ruleforge.benchmarks;

import io.ruleforge.esql.EsqlParseResult;
import io.ruleforge.esql.EsqlParser;
import io.ruleforge.esql.EsqlVersion;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.esql.verify.EsqlVerifier;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
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
 * ES|QL: parsing every ES|QL query of Elastic's rule corpus with 9.x syntax (one operation = all of them; corpus
 * folder from {@code -Druleforge.bench.rules}, default {@code ../shared/corpus/detection-rules}), and parsing plus
 * verifying them against ECS.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EsqlBenchmark {

    private List<String> corpus;
    private EsqlVerifier verifier;

    @Setup
    public void load() throws IOException {
        corpus = BenchCorpus.ruleQueries("esql");
        FieldSchema ecs = EcsSchemas.defaultSchema();
        verifier = new EsqlVerifier(ecs, KibanaVersion.DEFAULT);
    }

    @Benchmark
    public void parseCorpus(Blackhole out) {
        for (String q : corpus) {
            out.consume(EsqlParser.parse(q, EsqlVersion.V9));
        }
    }

    @Benchmark
    public void parseAndVerifyCorpus(Blackhole out) {
        for (String q : corpus) {
            if (EsqlParser.parse(q, EsqlVersion.V9) instanceof EsqlParseResult.Success s) {
                EsqlQuery query = s.query();
                out.consume(verifier.verify(query, q));
            }
        }
    }
}
