package io.ruleforge.maven;

import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.StageReport;
import io.ruleforge.replay.ReplayRun;
import io.ruleforge.replay.Replayer;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Replays recorded events through every rule: how often each would fire on the team's normal traffic. Writes
 * {@code target/ruleforge/replay.md} (the noisiest rules first, with a per-day sparkline) and {@code replay.json};
 * with {@code maxAlerts}, a rule raising more alerts than that fails the build.
 */
@Mojo(name = "replay", threadSafe = true, requiresProject = true)
public class ReplayMojo extends AbstractRuleforgeMojo {

    /** Events files (NDJSON, NDJSON.gz, saved _search responses) or directories of them, relative to the project. */
    @Parameter(property = "ruleforge.events", required = true)
    List<File> events = new ArrayList<>();

    /** The most alerts a rule may raise on the events; a noisier rule fails the build. No budget when not set. */
    @Parameter(property = "ruleforge.maxAlerts")
    Long maxAlerts;

    /** Also write every alert to {@code alerts.ndjson}. */
    @Parameter(property = "ruleforge.writeAlerts", defaultValue = "false")
    boolean writeAlerts;

    /** The threat index (NDJSON) indicator match rules are replayed against; without it they are not replayed. */
    @Parameter(property = "ruleforge.indicators")
    File indicators;

    /**
     * The index the events were recorded in, for those that name none of their own (a saved search response's hits
     * carry their {@code _index}, an event its {@code data_stream.*}): each rule decides only the events of the
     * indices its index patterns match. Without it such events go through every rule.
     */
    @Parameter(property = "ruleforge.eventsIndex")
    String eventsIndex;

    @Override
    StageReport run(Ruleforge ruleforge) {
        List<Path> paths = events.stream().map(File::toPath).toList();
        ReplayRun.Request request = new ReplayRun.Request(paths,
                maxAlerts == null ? OptionalLong.empty() : OptionalLong.of(maxAlerts), writeAlerts, Replayer.Options.defaults(),
                java.util.Optional.ofNullable(indicators).map(File::toPath), java.util.Optional.ofNullable(eventsIndex));
        // a build log is not a terminal: no progress line
        return ruleforge.replay(request, (n, read, total) -> { });
    }
}
