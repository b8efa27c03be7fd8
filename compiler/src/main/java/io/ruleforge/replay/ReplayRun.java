package io.ruleforge.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.OutputException;
import io.ruleforge.files.StagedOutputs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The replay stage as the CLI and the Maven goal run it: reads the events, replays the compiled rules, and writes
 * {@code replay.md}, {@code replay.json} and (when asked) {@code alerts.ndjson} into the output directory — all
 * or nothing: a run whose events cannot be read writes none and removes an earlier run's, which would be read as its. A rule over the alert budget is an error
 * at the rule file.
 */
public final class ReplayRun {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final ObjectMapper LINES = new ObjectMapper();

    /**
     * @param events     events files and directories
     * @param maxAlerts  the most alerts a rule may raise on the events; empty for no budget
     * @param alerts     whether to write {@code alerts.ndjson}
     * @param indicators the threat index as NDJSON, for indicator match rules; empty when none
     * @param eventsIndex the index the events that name none of their own were recorded in ({@code --index}); empty
     *                   when not known: every rule then decides them
     */
    public record Request(List<Path> events, OptionalLong maxAlerts, boolean alerts, Replayer.Options options, Optional<Path> indicators,
                          Optional<String> eventsIndex) {
        public Request {
            events = List.copyOf(events);
            eventsIndex = eventsIndex.map(String::strip).filter(i -> !i.isEmpty());
            if (events.isEmpty()) {
                throw new IllegalArgumentException("no events to replay: give one or more events files or folders (--events, events)");
            }
            if (maxAlerts.isPresent() && maxAlerts.getAsLong() < 0) {
                throw new IllegalArgumentException("the alert budget (--max-alerts, maxAlerts) must be 0 or more, found "
                        + maxAlerts.getAsLong());
            }
        }

        public Request(List<Path> events, OptionalLong maxAlerts, boolean alerts, Replayer.Options options, Optional<Path> indicators) {
            this(events, maxAlerts, alerts, options, indicators, Optional.empty());
        }

        public Request(List<Path> events, OptionalLong maxAlerts, boolean alerts, Replayer.Options options) {
            this(events, maxAlerts, alerts, options, Optional.empty());
        }
    }

    /** What the run found and wrote. */
    public record Outcome(List<Diagnostic> diagnostics, List<String> summary, List<Path> written, Optional<ReplayResult> result) {
    }

    private ReplayRun() {
    }

    public static Outcome run(List<CompiledRule> rules, Request request, Path outputDirectory, Path displayBase,
                              Replayer.ProgressListener progress) {
        return run(rules, Map.of(), request, outputDirectory, displayBase, progress);
    }

    /**
     * As {@link #run(List, Request, Path, Path, Replayer.ProgressListener)}, with the rule files that did not get
     * as far as replay ({@code refused}: file → why, e.g. an error in the file): they are listed as not replayed in
     * the reports, never left out of them as if the rule set were smaller.
     */
    public static Outcome run(List<CompiledRule> rules, Map<String, String> refused, Request request, Path outputDirectory,
                              Path displayBase, Replayer.ProgressListener progress) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        EventFiles files;
        Replayer.Options withIndicators = request.options();
        try {
            files = EventFiles.of(request.events(), displayBase).recordedIn(request.eventsIndex().orElse(null));
            if (request.indicators().isPresent()) {
                // the threat index is small next to the events: read whole, each line an indicator document
                List<com.fasterxml.jackson.databind.node.ObjectNode> indicators = new ArrayList<>();
                EventFiles.of(List.of(request.indicators().get()), displayBase)
                        .read(e -> indicators.add((com.fasterxml.jackson.databind.node.ObjectNode) e.source()), n -> { });
                withIndicators = withIndicators.withIndicators(indicators);
            }
        } catch (EventInputException e) {
            return failed(e, outputDirectory);
        }
        StagedOutputs.ensureDirectory(outputDirectory);
        Path alertsFile = outputDirectory.resolve("alerts.ndjson");
        Path partial = outputDirectory.resolve(".alerts.ndjson.partial");
        ReplayResult result;
        // a run stopped by Ctrl-C may have left its partial file: the next run removes it
        deleteQuietly(partial);
        try (AlertWriter writer = request.alerts() ? new AlertWriter(partial, files.displayNames()) : null) {
            Replayer.Options options = writer == null ? withIndicators : withIndicators.withAlerts(writer);
            result = new Replayer(options).replay(rules, files, progress);
        } catch (EventInputException e) {
            deleteQuietly(partial);
            return failed(e, outputDirectory);
        } catch (UncheckedIOException e) {
            deleteQuietly(partial);
            throw OutputException.of(partial, e.getCause());
        }
        if (!refused.isEmpty()) {
            Map<String, String> notReplayed = new java.util.TreeMap<>(result.notReplayed());
            notReplayed.putAll(refused);
            result = new ReplayResult(result.events(), result.files(), result.seconds(), result.threads(), result.period(),
                    result.indices(), result.rules(), notReplayed);
        }
        for (ReplayResult.RuleReplay r : result.rules()) {
            if (request.maxAlerts().isPresent() && r.alerts() > request.maxAlerts().getAsLong()) {
                diagnostics.add(Diagnostic.error(ReplayCodes.OVER_BUDGET, SourcePosition.ofFile(r.file()), String.format(
                        "%,d alerts on the recorded events, more than the budget of %,d (busiest day %s)", r.alerts(),
                        request.maxAlerts().getAsLong(), r.perDay().entrySet().stream().max(java.util.Map.Entry.comparingByValue())
                                .map(e -> e.getKey() + ": " + e.getValue()).orElse("unknown: no @timestamp"))));
            }
        }
        ReplayResult.Timeline period = result.period();
        if (result.events() == 0) {
            // an export that failed upstream leaves an empty file: no rule's noise is known, every budget holds vacuously
            diagnostics.add(Diagnostic.warning(ReplayCodes.NO_EVENTS, SourcePosition.ofFile(result.files().get(0)),
                    "no events in the recorded input: nothing was replayed, so no rule's"
                    + " noise is known" + (request.maxAlerts().isPresent() ? " and the alert budget proves nothing" : "")));
        }
        ReplayResult.Indices indices = result.indices();
        if (indices.searchedByNone() > 0) {
            // never a silent pass: a typo in --index or a rule's index leaves events no rule decides
            boolean all = indices.searchedByNone() == result.events();
            diagnostics.add(Diagnostic.warning(ReplayCodes.UNSEARCHED_INDEX, SourcePosition.ofFile(result.files().get(0)), String.format(
                    "%s%,d event%s of an index no replayed rule searches: %s%s", all ? "no rule decided any event: " : "",
                    indices.searchedByNone(), indices.searchedByNone() == 1 ? "" : "s",
                    String.join(", ", indices.notSearched().keySet()) + (indices.notSearched().values().stream()
                            .mapToLong(Long::longValue).sum() < indices.searchedByNone() ? " and others" : ""),
                    all && request.maxAlerts().isPresent() ? "; the alert budget proves nothing" : "")));
        }
        if (period.withoutTime() > 0) {
            diagnostics.add(Diagnostic.warning(ReplayCodes.OUTSIDE_TIMELINE, SourcePosition.ofFile(result.files().get(0)), String.format(
                    "%,d event%s without a readable @timestamp (nor the field a rule's timestamp_override names): no rule run's "
                            + "window holds them, so no rule alerts on them",
                    period.withoutTime(), period.withoutTime() == 1 ? "" : "s")));
        }
        if (period.outOfOrder() > 0) {
            String[] at = period.firstOutOfOrder().split(":(?=\\d+$)");
            diagnostics.add(Diagnostic.warning(ReplayCodes.OUTSIDE_TIMELINE, new SourcePosition(at[0], Integer.parseInt(at[1]), 1), String.format(
                    "expected events in %s order, found %,d event%s earlier than an event before %s (this is the first): "
                            + "runs already decided do not see them, so counts may be low; sort the events by @timestamp (a rule "
                            + "placing events by its timestamp_override takes them up to " + ReplayTimeline.OVERRIDE_LATENESS / 60_000
                            + " minutes, or its look-back, out of that field's order)"
                            + (result.files().size() > EventFiles.MAX_MERGED ? "; of the " + result.files().size() + " files at most "
                            + EventFiles.MAX_MERGED + " are open at once, so where more overlap in time one waits for another to end" : ""),
                    period.outOfOrderOn(), period.outOfOrder(), period.outOfOrder() == 1 ? "" : "s", period.outOfOrder() == 1 ? "it" : "them")));
        }
        result.rules().stream().filter(r -> r.rejected() == 0 && r.rejection() != null).forEach(r -> diagnostics.add(
                Diagnostic.warning(ReplayCodes.NOT_REPLAYED, SourcePosition.ofFile(r.file()), "runs not decided: " + r.rejection())));
        // a refused rule's own errors are reported by the stage that found them
        result.notReplayed().entrySet().stream().filter(e -> !refused.containsKey(e.getKey())).forEach(e -> diagnostics.add(
                Diagnostic.warning(ReplayCodes.NOT_REPLAYED, SourcePosition.ofFile(e.getKey()), "not replayed: " + e.getValue())));
        List<Path> written = new ArrayList<>();
        Path md = outputDirectory.resolve("replay.md");
        Path json = outputDirectory.resolve("replay.json");
        try {
            new StagedOutputs().file(md, ReplayMarkdown.render(result).getBytes(StandardCharsets.UTF_8))
                    .file(json, JSON.writeValueAsBytes(result)).commit();
            written.add(md);
            written.add(json);
            if (request.alerts()) {
                Files.move(partial, alertsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written.add(alertsFile);
            } else {
                // an earlier run's alerts beside this run's report would be taken for this run's
                Files.deleteIfExists(alertsFile);
            }
        } catch (IOException e) {
            deleteQuietly(partial);
            throw OutputException.of(alertsFile, e);
        }
        long alerting = result.rules().stream().filter(r -> r.alerts() > 0).count();
        long alerts = result.rules().stream().mapToLong(ReplayResult.RuleReplay::alerts).sum();
        List<String> summary = new ArrayList<>();
        summary.add(String.format("replayed %s through %s in %.1f s (%,.0f events/s, %s): %s from %s%s",
                counted(result.events(), "event"), counted(result.rules().size(), "rule"), result.seconds(),
                result.events() / Math.max(result.seconds(), 1e-9), counted(result.threads(), "thread"), counted(alerts, "alert"),
                counted(alerting, "rule"), result.notReplayed().isEmpty() ? "" : "; " + counted(result.notReplayed().size(), "rule") + " not replayed"));
        result.rules().stream().filter(r -> r.alerts() > 0).limit(5).forEach(r ->
                summary.add(String.format("  %,8d  %s (%s)", r.alerts(), r.name(), r.file())));
        summary.add("report: " + displayBase.toAbsolutePath().relativize(md.toAbsolutePath()));
        return new Outcome(diagnostics, summary, written, Optional.of(result));
    }

    private static Outcome failed(EventInputException e, Path outputDirectory) {
        // an earlier run's reports beside this failure would be read as this run's
        for (String stale : Files.isDirectory(outputDirectory) ? List.of("replay.md", "replay.json", "alerts.ndjson") : List.<String>of()) {
            Path file = outputDirectory.resolve(stale);
            try {
                Files.deleteIfExists(file);
            } catch (IOException io) {
                throw OutputException.of(file, io);
            }
        }
        return new Outcome(diagnostics(e), List.of("replay not run: the events cannot be read; no report written, an earlier"
                + " run's removed"), List.of(), Optional.empty());
    }

    /** One error per problem named, and per file a line counting those not named. */
    public static List<Diagnostic> diagnostics(EventInputException e) {
        List<Diagnostic> out = new ArrayList<>();
        e.problems().forEach(p -> out.add(Diagnostic.error(ReplayCodes.BAD_EVENTS, p.position(), p.message())));
        e.unnamed().forEach((file, n) -> out.add(Diagnostic.error(ReplayCodes.BAD_EVENTS, SourcePosition.ofFile(file), String.format(
                "%,d more line%s in this file that %s not events (the first %d of the input are named)", n, n == 1 ? "" : "s",
                n == 1 ? "is" : "are", e.problems().size()))));
        return out;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover hidden partial file is overwritten by the next run
        }
    }

    /** alerts.ndjson: one line per alert — rule, time, where the events are, the events. Written as found. */
    private static final class AlertWriter implements Replayer.AlertSink, AutoCloseable {
        private final BufferedWriter out;
        private final List<String> displayNames;

        AlertWriter(Path file, List<String> displayNames) {
            this.displayNames = displayNames;
            try {
                this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw OutputException.of(file, e);
            }
        }

        @Override
        public void alert(CompiledRule rule, long millis, List<RecordedEvent> events, Optional<AlertGroup> group) {
            ObjectNode line = LINES.createObjectNode();
            line.put("rule_id", rule.rule().ruleId());
            line.put("rule_name", rule.rule().name());
            line.put("rule_file", rule.rule().displayPath());
            if (millis != EventTimes.NONE) {
                line.put("@timestamp", Instant.ofEpochMilli(millis).toString());
            }
            group.ifPresent(g -> {
                ObjectNode about = line.putObject(g.kind());
                ObjectNode terms = about.putObject("terms");
                g.terms().forEach(terms::put);
                if (g.kind().equals("threshold")) {
                    about.put("count", g.count());
                    g.cardinality().ifPresent(c -> about.put("cardinality", c));
                }
                if (g.suppressed() > 0) {
                    about.put("suppressed_count", g.suppressed());
                }
            });
            ArrayNode at = line.putArray("at");
            events.stream().filter(e -> e.file() != RecordedEvent.RESULT_ROW)
                    .forEach(e -> at.add(displayNames.get(e.file()) + ":" + e.line()));
            ArrayNode list = line.putArray("events");
            events.forEach(e -> list.add(e.source()));
            String text = line.toString();
            synchronized (this) {
                try {
                    out.write(text);
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code 1 rule}, {@code 1,234 rules}. */
    private static String counted(long n, String noun) {
        return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
