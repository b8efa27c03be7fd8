package io.ruleforge.diff;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.esql.EsqlCanonical;
import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.esql.ast.Expression;
import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.AlertRuns;
import io.ruleforge.evaluate.alerts.EsqlAlerts;
import io.ruleforge.evaluate.esql.EsqlQueryRunner;
import io.ruleforge.evaluate.esql.EsqlResult;
import io.ruleforge.evaluate.esql.Values;
import io.ruleforge.harness.cases.AlertCase;
import io.ruleforge.harness.cases.CaseEvent;
import io.ruleforge.harness.EsqlFullText;
import io.ruleforge.harness.EsqlSuppressedCase;
import io.ruleforge.harness.FixtureEvent;
import io.ruleforge.harness.RuleFixtures;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a change of an ES|QL rule's query means: the pipeline steps added, removed or changed (compared in
 * {@link EsqlCanonical} form, so reformatting is no change), and the alerts that change on the head's fixtures —
 * each positive or negative event alone in the index (alert or not), and each case file's events together (the alerts,
 * by the result row or source event they are, that only one version raises). Alerts are counted as Kibana's ES|QL rule
 * type counts them: one per row after STATS, else one per source event.
 */
final class EsqlChanges {

    private static final int KEY_LENGTH = 200;

    /** @param tested how many events and cases both versions ran */
    record Flips(List<RuleChange.Flip> flips, int tested) {
    }

    private EsqlChanges() {
    }

    /** The query change, at the level of meaning: added and removed steps in canonical form. */
    static RuleChange.QueryChange queryChange(EsqlQuery old, EsqlQuery now) {
        List<String> before = EsqlCanonical.commands(old);
        List<String> after = EsqlCanonical.commands(now);
        if (before.equals(after)) {
            return new RuleChange.QueryChange(true, false, List.of(), List.of());
        }
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (AbstractDelta<String> delta : DiffUtils.diff(before, after).getDeltas()) {
            int from = delta.getSource().getPosition();
            int to = delta.getTarget().getPosition();
            if (delta.getSource().size() == 1 && delta.getTarget().size() == 1
                    && old.commands().get(from) instanceof Command.Where a && now.commands().get(to) instanceof Command.Where b
                    && conditionChanges(a, b, added, removed)) {
                continue;
            }
            removed.addAll(delta.getSource().getLines());
            added.addAll(delta.getTarget().getLines());
        }
        return new RuleChange.QueryChange(true, true, added, removed);
    }

    /**
     * A WHERE that keeps some of its AND-ed conditions: only the conditions added and removed are listed, as
     * {@code WHERE … AND condition}, so a long WHERE is not repeated whole for one changed condition. False (nothing
     * listed) when the two share no condition.
     */
    private static boolean conditionChanges(Command.Where old, Command.Where now, List<String> added, List<String> removed) {
        List<String> before = conditions(old.condition());
        List<String> after = conditions(now.condition());
        if (before.stream().noneMatch(after::contains) || (before.containsAll(after) && after.containsAll(before))) {
            return false; // nothing kept, or the same conditions in another order: the whole steps say it better
        }
        after.stream().filter(c -> !before.contains(c)).forEach(c -> added.add("WHERE … AND " + c));
        before.stream().filter(c -> !after.contains(c)).forEach(c -> removed.add("WHERE … AND " + c));
        return true;
    }

    private static List<String> conditions(Expression condition) {
        List<String> out = new ArrayList<>();
        if (condition instanceof Expression.Logical l && l.operator() == Expression.LogicalOperator.AND) {
            out.addAll(conditions(l.left()));
            out.addAll(conditions(l.right()));
        } else {
            out.add(EsqlCanonical.expression(condition));
        }
        return out;
    }

    static Flips flips(CompiledRule old, CompiledRule now, RuleFixtures events, List<AlertCase> cases, long nowMillis) {
        List<RuleChange.Flip> flips = new ArrayList<>();
        int tested = 0;
        List<FixtureEvent> singles = new ArrayList<>(events.positives());
        singles.addAll(events.negatives());
        for (FixtureEvent event : singles) {
            Optional<Set<String>> before = alerts(old, event.events(), nowMillis);
            Optional<Set<String>> after = alerts(now, event.events(), nowMillis);
            if (before.isEmpty() || after.isEmpty()) {
                continue; // a version that cannot run: validation and the test stage report why
            }
            tested++;
            boolean firedBefore = !before.get().isEmpty();
            boolean firesNow = !after.get().isEmpty();
            if (firedBefore != firesNow) {
                flips.add(new RuleChange.Flip(event.label(), firedBefore, firesNow));
            }
        }
        for (AlertCase c : cases) {
            // a case runs at its own moment, as the test stage runs it
            Optional<Set<String>> before = caseAlerts(old, c);
            Optional<Set<String>> after = caseAlerts(now, c);
            if (before.isEmpty() || after.isEmpty()) {
                continue;
            }
            tested++;
            String subject = c.file() + " (" + before.get().size() + " → " + after.get().size() + " alerts): ";
            before.get().stream().filter(a -> !after.get().contains(a))
                    .forEach(a -> flips.add(new RuleChange.Flip(subject + a, true, false)));
            after.get().stream().filter(a -> !before.get().contains(a))
                    .forEach(a -> flips.add(new RuleChange.Flip(subject + a, false, true)));
        }
        return new Flips(flips, tested);
    }

    /**
     * A case's alerts in one version: as {@link #alerts}; a version with {@code alert_suppression} names them by
     * group and suppressed count, as the test stage checks them ({@link EsqlAlerts}, {@link AlertRuns}).
     */
    private static Optional<Set<String>> caseAlerts(CompiledRule version, AlertCase c) {
        List<ObjectNode> documents = c.events().stream().map(CaseEvent::document).toList();
        AlertRuleSpec spec = AlertRuleSpec.of(version.rule());
        if (spec.suppression().isEmpty()) {
            return alerts(version, documents, c.now().toEpochMilli());
        }
        EsqlQuery query = version.esqlSource().orElseThrow();
        EsqlQueryRunner.Outcome outcome = EsqlQueryRunner.overEvents(documents, version.indexFields(), c.now().toEpochMilli(),
                EsqlFullText.forSchema(version.indexFields()), EsqlAlerts.searched(version)::test).run(query, version.rule().query().orElse(""));
        if (!(outcome instanceof EsqlQueryRunner.Ran ran)) {
            return Optional.empty();
        }
        Set<String> alerts = new LinkedHashSet<>();
        for (Alert alert : EsqlSuppressedCase.run(version, c, ran.result(), EsqlQueryRunner.aggregates(query)).created()) {
            AlertKeys.add(alerts, "alert " + alert.describeKey() + (alert.suppressed() > 0 ? " (" + alert.suppressed() + " suppressed)" : ""));
        }
        return Optional.of(alerts);
    }

    /**
     * The alerts one version raises on these events indexed together, each named by what it is: its result row
     * ({@code row source.ip=…, Esql.count=12}) when the query aggregates, else the source event ({@code event 3}).
     * Empty when the query cannot run.
     */
    private static Optional<Set<String>> alerts(CompiledRule version, List<ObjectNode> documents, long nowMillis) {
        EsqlQuery query = version.esqlSource().orElseThrow();
        EsqlQueryRunner runner = EsqlQueryRunner.overEvents(documents, version.indexFields(), nowMillis,
                EsqlFullText.forSchema(version.indexFields()), EsqlAlerts.searched(version)::test);
        EsqlQueryRunner.Outcome outcome = runner.run(query, version.rule().query().orElse(""));
        if (!(outcome instanceof EsqlQueryRunner.Ran ran)) {
            return Optional.empty();
        }
        EsqlResult result = ran.result();
        boolean aggregates = EsqlQueryRunner.aggregates(query);
        Set<String> alerts = new LinkedHashSet<>();
        List<String> sources = EsqlAlerts.alertSources(result, aggregates);
        for (int r : EsqlAlerts.unsuppressedAlertRows(result, aggregates, AlertRuleSpec.of(version.rule()).maxSignals())) {
            String id = sources.get(r);
            if (id != null) {
                alerts.add("event " + id); // one alert per source event (_id), as the test stage and Kibana count them
                continue;
            }
            // identical result rows (of an aggregating query, or without the _id column) are as many alerts
            AlertKeys.add(alerts, rowKey(result, r));
        }
        return Optional.of(alerts);
    }

    private static String rowKey(EsqlResult result, int r) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < result.columns().size(); i++) {
            cells.add(result.columns().get(i).name() + "=" + Values.format(result.rows().get(r).get(i), result.columns().get(i).type()));
        }
        String key = "row " + String.join(", ", cells);
        return key.length() > KEY_LENGTH ? key.substring(0, KEY_LENGTH - 1) + "…" : key;
    }
}
