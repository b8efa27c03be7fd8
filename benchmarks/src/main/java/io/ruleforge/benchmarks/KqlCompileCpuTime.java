package io.ruleforge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.dsl.DslCompiler;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The work of {@link KqlCompileBenchmark#parseAndCompileCorpus89NoFields} (parse + DSL of the 482 corpus queries,
 * Kibana 8.9, no field types) timed in this thread's CPU time, best round of many. On this project's shared 2-core
 * machine the load of other builds decides JMH's wall-clock average (error bars larger than the figure); the
 * thread's CPU time leaves out the time spent waiting for a core, and the best round the rounds a neighbour
 * slowed down through the shared caches. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar io.ruleforge.benchmarks.KqlCompileCpuTime [ROUNDS]}.
 */
public final class KqlCompileCpuTime {

    private KqlCompileCpuTime() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        List<String> queries = BenchCorpus.jsonLinesField("ruleforge.bench.corpus",
                "../shared/conformance/kql/kibana-8.9_nofields.jsonl", "query").stream().map(JsonNode::asText).toList();
        DslCompiler compiler = new DslCompiler(KibanaVersion.V8_9, FieldSchema.none());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        long total = 0;
        int sink = 0;
        for (int round = 0; round < rounds; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (String query : queries) {
                if (!(KqlParser.parse(query, KibanaVersion.V8_9) instanceof KqlParseResult.Success success)) {
                    throw new IllegalStateException("corpus query does not parse: " + query);
                }
                sink += compiler.compile(success.query().root()).size();
            }
            long spent = threads.getCurrentThreadCpuTime() - start;
            best = Math.min(best, spent);
            if (round >= rounds / 2) {
                total += spent; // the mean over the second half: warm
            }
        }
        double perQuery = 1000.0 * queries.size();
        System.out.printf("%d queries, %d rounds: best round %.2f µs/query CPU, mean of the last %d rounds %.2f µs/query"
                        + " CPU (load average %s) [%d]%n", queries.size(), rounds, best / perQuery, rounds - rounds / 2,
                total / (double) (rounds - rounds / 2) / perQuery, loadAverage(), sink);
    }

    private static String loadAverage() {
        return String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
