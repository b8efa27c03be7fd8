package io.ruleforge.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.evaluate.engine.ClusterSearch;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineConnection;
import io.ruleforge.evaluate.engine.EngineSettings;
import io.ruleforge.evaluate.engine.EngineException;
import io.ruleforge.files.OutputException;
import io.ruleforge.files.StagedOutputs;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backtest as the CLI and the Maven goal run it: resolves the range, searches every rule on the cluster
 * ({@link Backtester}) and writes {@code backtest.md} and {@code backtest.json} — both or neither, and neither when
 * the cluster failed mid-run. A rule the cluster rejects is an error at the rule file with Elasticsearch's reason; a
 * rule not backtested a warning saying why.
 */
public final class BacktestRun {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /**
     * @param engine      the cluster's URL
     * @param settings    how to reach it: TLS trust, timeouts, retries
     * @param from        the range's start: date math ({@code now-7d}) or a date
     * @param to          its end ({@code now})
     * @param clock       what {@code now} is
     * @param environment where the credentials are read from ({@link EngineConnection#fromEnvironment})
     */
    public record Request(URI engine, EngineSettings settings, String from, String to, Clock clock,
                          Map<String, String> environment) {
        public Request {
            environment = Map.copyOf(environment);
        }

        /** A request with the default TLS trust (the JDK's CAs), timeouts and retries. */
        public Request(URI engine, String from, String to, Clock clock, Map<String, String> environment) {
            this(engine, EngineSettings.DEFAULT, from, to, clock, environment);
        }

        /**
         * The range the expressions give at the clock's now.
         *
         * @throws IllegalArgumentException naming the option when an expression is not date math or a date, or the
         *                                  range ends before it starts
         */
        public ClusterSearch.TimeRange range() {
            Instant now = clock.instant();
            Instant start = resolve("from", from, now);
            Instant end = resolve("to", to, now);
            if (end.isBefore(start)) {
                throw new IllegalArgumentException("backtest range: to \"" + to + "\" (" + end + ") is before from \"" + from
                        + "\" (" + start + ")");
            }
            return new ClusterSearch.TimeRange(start, end, ClusterSearch.Interval.forRange(start, end));
        }

        private static Instant resolve(String option, String expression, Instant now) {
            try {
                return RuleAlerts.resolve(expression, now);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("backtest range: " + option + " \"" + expression
                        + "\" is neither date math (now-7d) nor a date (2024-05-01T00:00:00Z): " + e.getMessage());
            }
        }
    }

    /** What the run found and wrote. */
    public record Outcome(List<Diagnostic> diagnostics, List<String> summary, List<Path> written, Optional<BacktestResult> result) {
    }

    private BacktestRun() {
    }

    public static Outcome run(List<CompiledRule> rules, Request request, Path outputDirectory, Path displayBase) {
        ClusterSearch.TimeRange range = request.range();
        EngineClient client = new EngineClient(EngineConnection.fromEnvironment(request.engine(), request.environment()), request.settings());
        String display = client.connection().displayUrl();
        String engine;
        Backtester.Outcome outcome;
        try {
            // a cluster that is not there ends the run here, after one retry budget, not one per call
            engine = client.describeReachableEngine();
            outcome = new Backtester(new ClusterSearch(client), range, engine).run(rules);
        } catch (EngineException e) {
            outcome = new Backtester.Outcome(Optional.empty(), Optional.of(new Backtester.Stopped(e, List.of(),
                    rules.stream().map(r -> r.rule().displayPath()).toList())));
        }
        if (outcome.stopped().isPresent()) {
            Backtester.Stopped stopped = outcome.stopped().get();
            // a cluster that failed at the first request decided nothing: the count says it, a list of every file would bury the reason
            String message = "backtest stopped, nothing written: " + stopped.failure().getMessage()
                    + (stopped.decided().isEmpty() ? "; no rule decided (" + count(stopped.undecided().size()) + ")"
                    : "; decided before it " + named(stopped.decided()) + "; not decided " + named(stopped.undecided()));
            return new Outcome(List.of(Diagnostic.error(BacktestCodes.ENGINE_UNAVAILABLE, SourcePosition.ofFile(display), message)),
                    List.of("backtest not written: the cluster at " + display + " failed"), List.of(), Optional.empty());
        }
        BacktestResult result = outcome.result().orElseThrow();
        List<Diagnostic> diagnostics = new ArrayList<>();
        result.rejected().forEach((file, why) -> diagnostics.add(Diagnostic.error(BacktestCodes.REJECTED,
                SourcePosition.ofFile(file), "the cluster rejected the backtest search of " + nameOf(rules, file) + ": " + why)));
        result.notBacktested().forEach((file, why) -> diagnostics.add(Diagnostic.warning(BacktestCodes.NOT_BACKTESTED,
                SourcePosition.ofFile(file), "not backtested: " + why)));
        StagedOutputs.ensureDirectory(outputDirectory);
        Path md = outputDirectory.resolve("backtest.md");
        Path json = outputDirectory.resolve("backtest.json");
        try {
            new StagedOutputs().file(md, BacktestMarkdown.render(result).getBytes(StandardCharsets.UTF_8))
                    .file(json, JSON.writeValueAsBytes(result)).commit();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long alerting = result.rules().stream().filter(r -> r.alerts() > 0).count();
        List<String> summary = new ArrayList<>();
        summary.add(String.format("backtested %d rules on %s over %s … %s in %.1f s: %d would alert%s%s", result.rules().size(),
                result.engine(), result.from(), result.to(), result.seconds(), alerting,
                result.notBacktested().isEmpty() ? "" : "; " + result.notBacktested().size() + " not backtested",
                result.rejected().isEmpty() ? "" : "; " + result.rejected().size() + " rejected by the cluster"));
        result.rules().stream().filter(r -> r.alerts() > 0).limit(5).forEach(r ->
                summary.add(String.format("  %s%,8d %s  %s (%s)", r.atLeast() ? "≥" : " ", r.alerts(), r.counted(), r.name(), r.file())));
        summary.add("report: " + displayBase.toAbsolutePath().relativize(md.toAbsolutePath()));
        return new Outcome(diagnostics, summary, List.of(md, json), Optional.of(result));
    }

    /** How many rule file names a message lists before it only counts the rest. */
    static final int NAMES_SHOWN = 20;

    /** {@code (3): a.toml, b.toml, c.toml}, the first {@value #NAMES_SHOWN} names and then how many more. */
    static String named(List<String> files) {
        String shown = String.join(", ", files.subList(0, Math.min(NAMES_SHOWN, files.size())));
        return "(" + files.size() + "): " + shown + (files.size() > NAMES_SHOWN ? " and " + (files.size() - NAMES_SHOWN) + " more" : "");
    }

    private static String count(int files) {
        return files + (files == 1 ? " rule file" : " rule files");
    }

    private static String nameOf(List<CompiledRule> rules, String file) {
        return rules.stream().filter(r -> r.rule().displayPath().equals(file)).findFirst()
                .map(r -> "\"" + r.rule().name() + "\"").orElse(file);
    }
}
