package io.ruleforge.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The bench command behind the README's per-core figure: {@link ReplayBenchmark}'s two operations timed in CPU
 * time of the running thread rather than wall time, so that other processes on a shared machine do not count
 * against the figure, and their ratio measured in the same run. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar io.ruleforge.benchmarks.ReplayThroughput [rounds]}.
 */
public final class ReplayThroughput {

    private ReplayThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        ReplayBenchmark bench = new ReplayBenchmark();
        bench.load();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3; i++) {
            bench.compiledRulesOverEvents();
        }
        bench.evaluatorOverEvents();
        double best = Double.MAX_VALUE;
        long total = 0;
        for (int i = 0; i < rounds; i++) {
            long start = cpu.getCurrentThreadCpuTime();
            bench.compiledRulesOverEvents();
            long took = cpu.getCurrentThreadCpuTime() - start;
            total += took;
            best = Math.min(best, took);
        }
        double compiledRate = bench.decisionsPerOperation() / (total / 1e9 / rounds);
        long start = cpu.getCurrentThreadCpuTime();
        int anchorRounds = Math.max(1, rounds / 5);
        for (int i = 0; i < anchorRounds; i++) {
            bench.evaluatorOverEvents();
        }
        double anchorRate = bench.anchorDecisionsPerOperation() / ((cpu.getCurrentThreadCpuTime() - start) / 1e9 / anchorRounds);
        System.out.printf("compiled matchers + selection: %,.0f decisions per CPU second (mean of %d rounds; best %,.0f)%n",
                compiledRate, rounds, bench.decisionsPerOperation() / (best / 1e9));
        System.out.printf("DslEvaluator:                  %,.0f decisions per CPU second (%d rounds)%n", anchorRate, anchorRounds);
        System.out.printf("ratio: %.0f×%n", compiledRate / anchorRate);
    }
}
