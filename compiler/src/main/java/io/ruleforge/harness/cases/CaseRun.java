package io.ruleforge.harness.cases;

import io.ruleforge.diag.SourcePosition;

import java.time.Instant;
import java.util.List;

/**
 * One execution of a case of several ({@code "runs"}).
 *
 * @param now      when the execution starts: its window is {@code from}…{@code to} resolved against it
 * @param expect   the alerts it writes
 * @param updated  alerts of earlier runs it suppresses events into, each by its key with its
 *                 {@code kibana.alert.suppression.docs_count} after the run ({@code suppressed}); not checked when empty
 * @param position where the run's moment is written
 */
public record CaseRun(Instant now, ExpectedAlerts expect, List<ExpectedAlert> updated, SourcePosition position) {
    public CaseRun {
        updated = List.copyOf(updated);
    }
}
