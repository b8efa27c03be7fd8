package io.ruleforge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineConnection;
import io.ruleforge.evaluate.engine.EngineException;
import io.ruleforge.evaluate.engine.EngineIndex;
import io.ruleforge.fields.EcsSchemas;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The anchor of the replay speed figure: Elasticsearch deciding exactly the (rule, event) pairs of
 * {@link ReplayThroughput} — the 482 corpus rules' Kibana 8.12/ECS DSL × 2,000 {@link RealisticEvents} — next to
 * the compiled matchers deciding them in this process, in the same run.
 *
 * <p>The events are indexed once (timed apart) into a one-shard index with the ECS mapping the integration tests
 * use ({@link EngineIndex}), merged to one segment. Each round then sends every rule's DSL as a {@code bool.filter}
 * in {@code _msearch} batches, in two shapes:
 * <ul>
 *   <li><b>hits</b>: {@code size} = the event count, {@code _source: false}, {@code sort: _doc}, no total — the ids of
 *   the matching events, which is what a decision is (the detection engine needs them to write alerts), and what
 *   lets every pair be checked against the in-process verdict;</li>
 *   <li><b>count</b>: {@code size: 0}, {@code track_total_hits: true}, request cache off — Elasticsearch's query
 *   phase alone, a floor of its cost; checked per rule against the in-process count.</li>
 * </ul>
 * {@code _count} is not used: it takes one HTTP request per rule and returns no ids to check.
 *
 * <p>Elasticsearch's CPU time is the node's {@code process.cpu.total_in_millis} ({@code GET _nodes/stats}) before and
 * after a block of rounds; the node caches that figure for {@code monitor.process.refresh_interval} (1 s), so each
 * read is at least that long after the previous one. The in-process figure is {@link ReplayBenchmark}'s operation
 * timed in CPU time of the deciding thread, as {@link ReplayThroughput} does, and in process CPU time (its GC and
 * JIT threads included, as the node's figure includes its own). The three blocks — hits, in-process, count — are
 * repeated {@code cycles} times so that load from other processes falls on all of them alike.
 *
 * <p>Run (the script starts and stops a throwaway node): {@code benchmarks/es-throughput.sh}, or against a running
 * node without security: {@code java -cp benchmarks/target/benchmarks.jar
 * io.ruleforge.benchmarks.ElasticsearchThroughput --url http://127.0.0.1:9200 [--rounds 5] [--cycles 3]
 * [--batch 50] [--in-process-rounds 50] [--events 2000]}, from the repository root. {@code --events} other than 2,000
 * leaves {@link ReplayThroughput}'s pairs, to show how the figures scale with the events one search decides.
 */
public final class ElasticsearchThroughput {

    /** Longer than the node's 1 s cache of its process statistics. */
    private static final long STATS_CACHE_MILLIS = 1_100;

    private record Options(URI url, int rounds, int cycles, int batch, int inProcessRounds, int warmupRounds, int events) {
    }

    /**
     * One block of measured rounds: how many decisions, in how much wall time and CPU time, and how much of that CPU
     * time the node would have spent idle over the same span (0 in process).
     */
    private record Block(long decisions, double wallSeconds, double cpuSeconds, double idleCpuSeconds) {
        double perWallSecond() {
            return decisions / wallSeconds;
        }

        double perCpuSecond() {
            return decisions / cpuSeconds;
        }

        double perBusyCpuSecond() {
            return decisions / (cpuSeconds - idleCpuSeconds);
        }
    }

    private final EngineClient client;
    private final ReplayBenchmark bench;
    private final Options options;
    /** The node's CPU use without requests, in cores (its scheduled tasks, GC, monitoring). */
    private double idleCores;

    private ElasticsearchThroughput(EngineClient client, ReplayBenchmark bench, Options options) {
        this.client = client;
        this.bench = bench;
        this.options = options;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ElasticsearchThroughput: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            ReplayBenchmark bench = new ReplayBenchmark();
            bench.load(options.events());
            EngineClient client = new EngineClient(EngineConnection.anonymous(options.url()));
            System.out.println(client.describeReachableEngine() + ", " + nodeResources(client));
            new ElasticsearchThroughput(client, bench, options).run();
        } catch (IllegalStateException | EngineException e) {
            // a disagreement or a refusing cluster is the answer, not a crash: no stack trace
            System.err.println("ElasticsearchThroughput: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() throws InterruptedException {
        List<JsonNode> queries = bench.queries();
        List<JsonNode> events = bench.events();
        BitSet[] inProcess = bench.matchesByRule();

        long createStart = System.nanoTime();
        try (EngineIndex index = EngineIndex.create(client, EcsSchemas.defaultSchema(), "ruleforge-es-throughput")) {
            double createSeconds = (System.nanoTime() - createStart) / 1e9;
            long indexStart = System.nanoTime();
            Map<String, JsonNode> byId = new LinkedHashMap<>();
            for (int e = 0; e < events.size(); e++) {
                byId.put(Integer.toString(e), events.get(e));
            }
            EngineIndex.IndexingResult indexed = index.index(byId);
            if (!indexed.rejected().isEmpty()) {
                Map.Entry<String, String> first = indexed.rejected().entrySet().iterator().next();
                throw new IllegalStateException(indexed.rejected().size() + " of " + events.size()
                        + " events refused by Elasticsearch, so the pairs would differ; event " + first.getKey() + ": " + first.getValue());
            }
            double bulkSeconds = (System.nanoTime() - indexStart) / 1e9;
            long settleStart = System.nanoTime();
            settle(index.name());
            double settleSeconds = (System.nanoTime() - settleStart) / 1e9;
            System.out.printf("index %s: one shard, the ECS mapping%s; created in %.2f s, %,d events bulk-indexed in %.2f s, "
                            + "refreshed and merged to one segment in %.2f s%n", index.name(),
                    index.mapping().substitutions().isEmpty() ? "" : " (types substituted " + index.mapping().substitutions() + ")",
                    createSeconds, events.size(), bulkSeconds, settleSeconds);

            List<String> hitsBatches = batches(index.name(), queries, this::hitsBody, "{}");
            List<String> countBatches = batches(index.name(), queries, this::countBody, "{\"request_cache\":false}");
            long pairs = (long) queries.size() * events.size();

            checkAgreement(hitsAnswers(hitsBatches), countAnswers(countBatches), inProcess, pairs);

            for (int i = 0; i < options.warmupRounds(); i++) {
                hitsAnswers(hitsBatches);
                countAnswers(countBatches);
                bench.compiledRulesOverEvents();
            }
            Thread.sleep(STATS_CACHE_MILLIS);
            long idleBefore = nodeCpuMillis();
            Thread.sleep(5 * STATS_CACHE_MILLIS);
            idleCores = (nodeCpuMillis() - idleBefore) / (5.0 * STATS_CACHE_MILLIS);
            System.out.printf("node idle: %.1f %% of one core (its CPU time over %.1f s without requests)%n",
                    idleCores * 100, 5 * STATS_CACHE_MILLIS / 1e3);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cacheHitsBefore = queryCacheHits();
            List<Block[]> cycles = new ArrayList<>();
            for (int c = 0; c < options.cycles(); c++) {
                Block hits = nodeBlock(pairs, () -> hitsAnswers(hitsBatches));
                long wall = System.nanoTime();
                long thread = threads.getCurrentThreadCpuTime();
                long process = os.getProcessCpuTime();
                for (int i = 0; i < options.inProcessRounds(); i++) {
                    bench.compiledRulesOverEvents();
                }
                long decided = pairs * options.inProcessRounds();
                Block inThread = new Block(decided, (System.nanoTime() - wall) / 1e9, (threads.getCurrentThreadCpuTime() - thread) / 1e9, 0);
                Block inProcessCpu = new Block(decided, inThread.wallSeconds(), (os.getProcessCpuTime() - process) / 1e9, 0);
                Block count = nodeBlock(pairs, () -> countAnswers(countBatches));
                cycles.add(new Block[]{hits, count, inThread, inProcessCpu});
                System.out.printf("cycle %d: Elasticsearch hits %,.0f/s wall, %,.0f/CPU s; count %,.0f/s wall, %,.0f/CPU s; "
                                + "in-process %,.0f/thread CPU s, %,.0f/process CPU s, %,.0f/s wall%n", c + 1,
                        hits.perWallSecond(), hits.perCpuSecond(), count.perWallSecond(), count.perCpuSecond(),
                        inThread.perCpuSecond(), inProcessCpu.perCpuSecond(), inThread.perWallSecond());
            }
            System.out.printf("query cache hits during the measured rounds: %d%n", queryCacheHits() - cacheHitsBefore);
            report(cycles, queries.size(), events.size());
        }
    }

    /**
     * No more refreshes while measuring (they would cost CPU and may change segments), one segment, and no query
     * cache: from 10,000 documents in a segment Lucene caches a filter used repeatedly, and the rounds repeat the
     * same 482 filters, so later rounds would read cached answers instead of deciding (a static setting: it is set
     * on the closed index).
     */
    private void settle(String index) {
        ObjectNode settings = client.json().createObjectNode();
        settings.putObject("index").put("refresh_interval", "-1");
        require(client.put("/" + index + "/_settings", settings), "cannot stop the refreshes of " + index);
        require(client.postNdjson("/" + index + "/_close?wait_for_active_shards=1", ""), "cannot close " + index);
        ObjectNode noCache = client.json().createObjectNode();
        noCache.putObject("index").putObject("queries").putObject("cache").put("enabled", false);
        require(client.put("/" + index + "/_settings", noCache), "cannot turn off the query cache of " + index);
        require(client.postNdjson("/" + index + "/_open?wait_for_active_shards=1", ""), "cannot open " + index);
        // both refuse a body, even an empty object: an empty one is none
        require(client.postNdjson("/" + index + "/_refresh", ""), "cannot refresh " + index);
        require(client.postNdjson("/" + index + "/_forcemerge?max_num_segments=1", ""), "cannot merge " + index);
    }

    private ObjectNode hitsBody(JsonNode query) {
        ObjectNode body = filtered(query);
        body.put("size", bench.events().size());
        body.put("_source", false);
        body.put("track_total_hits", false);
        body.putArray("sort").add("_doc");
        return body;
    }

    private ObjectNode countBody(JsonNode query) {
        ObjectNode body = filtered(query);
        body.put("size", 0);
        body.put("track_total_hits", true);
        return body;
    }

    /** The rule's DSL in filter context, as the detection engine sends it (no scores). */
    private ObjectNode filtered(JsonNode query) {
        ObjectNode body = client.json().createObjectNode();
        body.putObject("query").putObject("bool").putArray("filter").add(query);
        return body;
    }

    /** The {@code _msearch} bodies, built once: serialising the queries is the client's work, not the engine's. */
    private List<String> batches(String index, List<JsonNode> queries, java.util.function.Function<JsonNode, ObjectNode> body,
                                 String header) {
        List<String> out = new ArrayList<>();
        for (int from = 0; from < queries.size(); from += options.batch()) {
            StringBuilder ndjson = new StringBuilder();
            for (JsonNode query : queries.subList(from, Math.min(queries.size(), from + options.batch()))) {
                ndjson.append(header).append('\n').append(body.apply(query)).append('\n');
            }
            out.add(ndjson.toString());
        }
        return List.copyOf(out);
    }

    /** Per rule, the indexes of the events Elasticsearch matched; null for a rule it rejected. */
    private List<BitSet> hitsAnswers(List<String> batches) {
        List<BitSet> out = new ArrayList<>();
        for (JsonNode answer : msearch(batches, "responses.status,responses.hits.hits._id,responses.error.type,responses._shards.failed")) {
            if (rejected(answer)) {
                out.add(null);
                continue;
            }
            BitSet ids = new BitSet(bench.events().size());
            for (JsonNode hit : answer.path("hits").path("hits")) {
                ids.set(Integer.parseInt(hit.path("_id").asText()));
            }
            out.add(ids);
        }
        return out;
    }

    /** Per rule, how many events Elasticsearch matched; -1 for a rule it rejected. */
    private List<Long> countAnswers(List<String> batches) {
        List<Long> out = new ArrayList<>();
        for (JsonNode answer : msearch(batches, "responses.status,responses.hits.total.value,responses.error.type,responses._shards.failed")) {
            out.add(rejected(answer) ? -1 : answer.path("hits").path("total").path("value").asLong(-1));
        }
        return out;
    }

    private List<JsonNode> msearch(List<String> batches, String filterPath) {
        List<JsonNode> answers = new ArrayList<>();
        for (String batch : batches) {
            EngineClient.Response response = client.postNdjson("/_msearch?filter_path=" + filterPath, batch);
            require(response, "_msearch failed");
            response.body().path("responses").forEach(answers::add);
        }
        if (answers.size() != bench.queries().size()) {
            throw new IllegalStateException("_msearch answered " + answers.size() + " of " + bench.queries().size() + " searches");
        }
        return answers;
    }

    private static boolean rejected(JsonNode answer) {
        return answer.has("error") || answer.path("_shards").path("failed").asInt(0) > 0;
    }

    /**
     * Every pair must get the same verdict both ways, or the figures would compare different work. A rule
     * Elasticsearch rejects matches nothing there, as the in-process matchers decide it.
     */
    private void checkAgreement(List<BitSet> hits, List<Long> counts, BitSet[] inProcess, long pairs) {
        long disagreeing = 0;
        long matches = 0;
        int rejectedRules = 0;
        List<String> examples = new ArrayList<>();
        for (int r = 0; r < inProcess.length; r++) {
            BitSet engine = hits.get(r) == null ? new BitSet() : hits.get(r);
            rejectedRules += hits.get(r) == null ? 1 : 0;
            matches += engine.cardinality();
            BitSet differ = (BitSet) engine.clone();
            differ.xor(inProcess[r]);
            disagreeing += differ.cardinality();
            if (!differ.isEmpty() && examples.size() < 5) {
                int e = differ.nextSetBit(0);
                examples.add("rule " + r + " on event " + e + ": Elasticsearch " + engine.get(e) + ", in-process " + inProcess[r].get(e));
            }
            long count = Math.max(0, counts.get(r));
            if (count != inProcess[r].cardinality() && examples.size() < 5) {
                examples.add("rule " + r + ": Elasticsearch counts " + counts.get(r) + ", in-process " + inProcess[r].cardinality());
                disagreeing += Math.abs(count - inProcess[r].cardinality());
            }
        }
        System.out.printf("agreement: %,d of %,d (rule, event) pairs decided alike (%,d matches, %d rules rejected by Elasticsearch)%n",
                pairs - disagreeing, pairs, matches, rejectedRules);
        if (disagreeing > 0) {
            throw new IllegalStateException(disagreeing + " pairs decided differently, e.g. " + String.join("; ", examples)
                    + " — the figures would compare different work");
        }
    }

    /** Rounds of one kind of search, timed in wall time and in the node's CPU time. */
    private Block nodeBlock(long pairs, Runnable round) throws InterruptedException {
        Thread.sleep(STATS_CACHE_MILLIS);
        long cpuBefore = nodeCpuMillis();
        long wall = System.nanoTime();
        for (int i = 0; i < options.rounds(); i++) {
            round.run();
        }
        double wallSeconds = (System.nanoTime() - wall) / 1e9;
        long sinceRead = (System.nanoTime() - wall) / 1_000_000;
        if (sinceRead < STATS_CACHE_MILLIS) {
            Thread.sleep(STATS_CACHE_MILLIS - sinceRead);
        }
        long cpuAfter = nodeCpuMillis();
        double window = (System.nanoTime() - wall) / 1e9;
        return new Block(pairs * options.rounds(), wallSeconds, (cpuAfter - cpuBefore) / 1e3, idleCores * window);
    }

    private long nodeCpuMillis() {
        EngineClient.Response stats = client.get("/_nodes/_local/stats/process?filter_path=nodes.*.process.cpu.total_in_millis");
        require(stats, "cannot read the node's process statistics");
        Iterator<JsonNode> nodes = stats.body().path("nodes").elements();
        if (!nodes.hasNext()) {
            throw new IllegalStateException("no node in the answer of _nodes/_local/stats/process: " + stats.body());
        }
        return nodes.next().path("process").path("cpu").path("total_in_millis").asLong();
    }

    /** Answers the node took from its query cache (filters cached per segment) since it started. */
    private long queryCacheHits() {
        EngineClient.Response stats = client.get("/_nodes/_local/stats/indices/query_cache?filter_path=nodes.*.indices.query_cache.hit_count");
        require(stats, "cannot read the node's query cache statistics");
        Iterator<JsonNode> nodes = stats.body().path("nodes").elements();
        return nodes.hasNext() ? nodes.next().path("indices").path("query_cache").path("hit_count").asLong() : 0;
    }

    private static String nodeResources(EngineClient client) {
        EngineClient.Response info = client.get("/_nodes/_local?filter_path=nodes.*.os.allocated_processors,"
                + "nodes.*.thread_pool.search.size,nodes.*.jvm.mem.heap_max_in_bytes,nodes.*.jvm.version");
        Iterator<JsonNode> nodes = info.body().path("nodes").elements();
        if (!info.ok() || !nodes.hasNext()) {
            return "node resources unknown";
        }
        JsonNode node = nodes.next();
        return String.format("%d allocated processors, search pool of %d, heap %d MB, JVM %s",
                node.path("os").path("allocated_processors").asInt(), node.path("thread_pool").path("search").path("size").asInt(),
                node.path("jvm").path("mem").path("heap_max_in_bytes").asLong() >> 20, node.path("jvm").path("version").asText());
    }

    private void report(List<Block[]> cycles, int rules, int events) {
        double[] mean = new double[7];
        for (Block[] c : cycles) {
            mean[0] += c[0].perWallSecond();
            mean[1] += c[0].perCpuSecond();
            mean[2] += c[1].perWallSecond();
            mean[3] += c[1].perCpuSecond();
            mean[4] += c[2].perCpuSecond();
            mean[5] += c[3].perCpuSecond();
            mean[6] += c[0].perBusyCpuSecond();
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= cycles.size();
        }
        System.out.printf("%n%d rules × %,d events = %,d pairs per round; %d cycles of %d Elasticsearch rounds (_msearch, %d per batch) "
                        + "and %d in-process rounds; means of the cycles:%n",
                rules, events, (long) rules * events, cycles.size(), options.rounds(), options.batch(), options.inProcessRounds());
        System.out.printf("| | decisions per second | in-process (thread CPU) ÷ this | in-process (process CPU) ÷ this |%n"
                + "| --- | ---: | ---: | ---: |%n");
        System.out.printf("| in-process, compiled matchers + selection, one thread, thread CPU time | %,.0f | | |%n", mean[4]);
        System.out.printf("| in-process, same, process CPU time (GC, JIT included) | %,.0f | | |%n", mean[5]);
        System.out.printf("| Elasticsearch hits (ids of the matches), node CPU time | %,.0f | %.1f× | %.1f× |%n",
                mean[1], mean[4] / mean[1], mean[5] / mean[1]);
        System.out.printf("| Elasticsearch hits, node CPU time less its idle use | %,.0f | %.1f× | %.1f× |%n",
                mean[6], mean[4] / mean[6], mean[5] / mean[6]);
        System.out.printf("| Elasticsearch hits, wall clock | %,.0f | | |%n", mean[0]);
        System.out.printf("| Elasticsearch count (size 0), node CPU time | %,.0f | %.1f× | %.1f× |%n",
                mean[3], mean[4] / mean[3], mean[5] / mean[3]);
        System.out.printf("| Elasticsearch count, wall clock | %,.0f | | |%n", mean[2]);
    }

    private static void require(EngineClient.Response response, String what) {
        if (!response.ok()) {
            throw new IllegalStateException(what + ": HTTP " + response.status() + ", " + response.errorReason());
        }
    }

    private static Options parse(String[] args) {
        URI url = null;
        int rounds = 5;
        int cycles = 3;
        int batch = 50;
        int inProcessRounds = 50;
        int warmup = 3;
        int events = ReplayBenchmark.EVENTS;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw usage("missing value after " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--url" -> url = URI.create(value);
                case "--rounds" -> rounds = positive(name, value);
                case "--cycles" -> cycles = positive(name, value);
                case "--batch" -> batch = positive(name, value);
                case "--in-process-rounds" -> inProcessRounds = positive(name, value);
                case "--warmup-rounds" -> warmup = positive(name, value);
                case "--events" -> events = positive(name, value);
                default -> throw usage("unknown option " + name);
            }
        }
        if (url == null) {
            throw usage("--url is required");
        }
        return new Options(url, rounds, cycles, batch, inProcessRounds, warmup, events);
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw usage(name + " expects a positive whole number, found '" + value + "'");
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem + "; usage: ElasticsearchThroughput --url URL [--rounds N] [--cycles N] "
                + "[--batch N] [--in-process-rounds N] [--warmup-rounds N] [--events N]");
    }
}
