package io.ruleforge.harness.cases;

import io.ruleforge.diag.SourcePosition;

import java.time.Instant;
import java.util.List;

/**
 * A multi-event case: a time-ordered stream of events, the moment the rule runs, and the alerts it must write.
 * Rules whose alerts need several events (threshold, new_terms, indicator match, suppression) are tested with these.
 *
 * @param name        the file name without {@code .json}
 * @param file        the case file as messages name it
 * @param description what the case shows
 * @param now         when the rule runs: its window is {@code from}…{@code now} with {@code from} resolved against it
 * @param events      the stream, in time order
 * @param indicators  indicator documents (indicator match rules); empty for other types
 * @param expect      the alerts the run must write (a case of several runs: the last run's)
 * @param runs        a case of several executions ({@code "runs"}): each run with its expectation, in time order;
 *                    empty for a case of one run at {@code now}
 */
public record AlertCase(String name, String file, String description, Instant now, List<CaseEvent> events,
                        List<CaseEvent> indicators, ExpectedAlerts expect, List<CaseRun> runs) {

    public AlertCase {
        events = List.copyOf(events);
        indicators = List.copyOf(indicators);
        runs = List.copyOf(runs);
    }

    /** A case of one run at {@code now}. */
    public AlertCase(String name, String file, String description, Instant now, List<CaseEvent> events,
                     List<CaseEvent> indicators, ExpectedAlerts expect) {
        this(name, file, description, now, events, indicators, expect, List.of());
    }

    /** Whether the case describes several executions, whose alerts depend on the ones before. */
    public boolean multiRun() {
        return !runs.isEmpty();
    }

    /** The case file as a position (line 1), for findings about the case as a whole. */
    public SourcePosition position() {
        return new SourcePosition(file, 1, 1);
    }

    /** The case in reports: {@code cases/burst.json (20 failed logons from one address)}. */
    public String label() {
        return description.isEmpty() ? file : file + " (" + description + ")";
    }
}
