package io.ruleforge.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.AlertRun;
import io.ruleforge.evaluate.alerts.AlertRuns;
import io.ruleforge.evaluate.alerts.EsqlAlerts;
import io.ruleforge.evaluate.esql.Column;
import io.ruleforge.evaluate.esql.EsqlQueryRunner;
import io.ruleforge.evaluate.esql.EsqlResult;
import io.ruleforge.evaluate.esql.ResultTable;
import io.ruleforge.evaluate.esql.Values;
import io.ruleforge.harness.cases.AlertCase;
import io.ruleforge.harness.cases.CaseEvent;
import io.ruleforge.harness.cases.ExpectedAlerts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Decides the fixtures of an ES|QL rule with the ES|QL evaluator. The rule alerts once per result row when its
 * query aggregates (STATS), else once per matching source event (rows de-duplicated by {@code _id}), at most
 * {@code max_signals} ({@link EsqlAlerts#unsuppressedAlertRows}), as Kibana's
 * ES|QL rule type does. A positive or negative event is indexed alone, with {@code NOW()} the time of the run; a
 * case file's events are indexed together, with {@code NOW()} the case's {@code now}, and its expectation (alert
 * count, or the rows) checked. The rule's window is not applied (README, "ES|QL evaluation"). A rule with
 * {@code alert_suppression} has its case's rows grouped into alerts ({@link EsqlAlerts}, {@link AlertRuns}) and its
 * case may state the alerts by group ({@code groups}, {@code suppressed}) besides the rows.
 */
final class EsqlRuleTests {

    private final CompiledRule rule;
    private final AlertRuleSpec spec;
    private final List<Diagnostic> diagnostics;
    private final Clock clock;
    /** The documents Kibana's request filter lets the query read: all but those the rule's exception items describe. */
    private final Predicate<JsonNode> searched;
    private EsqlQuery query;
    private String text;
    private boolean refusalReported;

    EsqlRuleTests(CompiledRule rule, List<Diagnostic> diagnostics, Clock clock) {
        this.rule = rule;
        this.spec = AlertRuleSpec.of(rule.rule());
        this.diagnostics = diagnostics;
        this.clock = clock;
        this.searched = EsqlAlerts.searched(rule);
    }

    static boolean isEsql(CompiledRule rule) {
        return rule.rule().document().at("/rule/language").asText("").equals("esql");
    }

    /** The parsed query; empty (after reporting) when it does not parse — validation reports the syntax error itself. */
    Optional<EsqlQuery> parse() {
        // the query the compile stage parsed, with the ES|QL syntax version the run selected
        text = rule.rule().document().at("/rule/query").asText("");
        query = rule.esqlSource().orElse(null);
        if (query == null) {
            diagnostics.add(Diagnostic.error(HarnessCodes.ESQL_NOT_EVALUATED, rule.rule().positionOf("/rule/query"),
                    "the ES|QL query was not compiled, so its fixtures cannot run"));
            return Optional.empty();
        }
        return Optional.of(query);
    }

    boolean aggregates() {
        return EsqlQueryRunner.aggregates(query);
    }

    /** A positive or negative event, alone in the index. */
    CaseResult single(TestCase testCase) {
        Optional<EsqlResult> result = run(testCase.events(), clock.millis());
        if (result.isEmpty()) {
            return new CaseResult(testCase, !testCase.mustFire(), "the query cannot be evaluated (see the error at the rule's query)");
        }
        int alerts = alerts(result.get());
        return new CaseResult(testCase, alerts > 0, alerts == 0 ? "the query returned no row"
                : alerts + (alerts == 1 ? " alert" : " alerts") + "; first row: " + firstRow(result.get()));
    }

    /**
     * A multi-event case: all its events indexed together, the query run once at the case's {@code now}, then its
     * expectation — the number of alerts, and each stated row (only the columns it names) among the results.
     */
    CaseResult caseFile(AlertCase alertCase) {
        ExpectedAlerts expect = alertCase.expect();
        List<ObjectNode> documents = alertCase.events().stream().map(CaseEvent::document).toList();
        TestCase testCase = new TestCase(alertCase.label(), TestCase.Kind.ALERT_CASE, alertCase.file() + ":1", documents, true);
        Optional<EsqlResult> result = run(documents, alertCase.now().toEpochMilli());
        if (result.isEmpty()) {
            return new CaseResult(testCase, false, "the query cannot be evaluated (see the error at the rule's query)");
        }
        if (spec.suppression().isPresent()) {
            return suppressed(alertCase, testCase, result.get(), documents);
        }
        int alerts = alerts(result.get());
        String got = alerts + (alerts == 1 ? " alert" : " alerts") + (alerts == 0 ? "" : "; first row: " + firstRow(result.get()));
        if (alerts != expect.alerts()) {
            return new CaseResult(testCase, false, got + ", expected " + expect.alerts());
        }
        List<String> missing = new ArrayList<>();
        for (ObjectNode expected : expect.rows()) {
            if (!hasRow(result.get(), expected)) {
                missing.add(expected.toString());
            }
        }
        if (!missing.isEmpty()) {
            return new CaseResult(testCase, false, got + "; no row has " + String.join(", ", missing));
        }
        return new CaseResult(testCase, true, got);
    }

    /**
     * A case of a rule with {@code alert_suppression} (Kibana 8.15+): the run's rows become alerts as
     * {@link EsqlAlerts} says and are grouped by the alerts model ({@link AlertRuns}, one execution at the case's
     * {@code now}); then the alerts, groups and suppressed counts stated, and the rows stated among the results.
     */
    private CaseResult suppressed(AlertCase alertCase, TestCase testCase, EsqlResult result, List<ObjectNode> documents) {
        AlertRun run = EsqlSuppressedCase.run(rule, alertCase, result, aggregates()).asRun(Optional.empty());
        List<String> problems = new ArrayList<>();
        AlertCases.mismatch(alertCase.expect(), run).ifPresent(problems::add);
        alertCase.expect().rowCount().ifPresent(n -> {
            if (n != result.rows().size()) {
                problems.add("expected " + n + (n == 1 ? " row" : " rows") + ", found " + result.rows().size());
            }
        });
        for (ObjectNode expected : alertCase.expect().rows()) {
            if (!hasRow(result, expected)) {
                problems.add("no row has " + expected);
            }
        }
        String got = result.rows().size() + (result.rows().size() == 1 ? " row" : " rows") + ", " + run.alerts().size()
                + (run.alerts().size() == 1 ? " alert" : " alerts") + " after suppression by "
                + String.join(", ", spec.suppression().get().groupBy())
                + (run.alerts().isEmpty() ? "" : " (" + run.alerts().stream()
                .map(a -> a.describeKey() + (a.suppressed() > 0 ? " +" + a.suppressed() + " suppressed" : ""))
                .collect(java.util.stream.Collectors.joining("; ")) + ")");
        return new CaseResult(testCase, problems.isEmpty(), problems.isEmpty() ? got : String.join("; ", problems) + "; " + got);
    }

    private Optional<EsqlResult> run(List<ObjectNode> events, long nowMillis) {
        EsqlQueryRunner runner = EsqlQueryRunner.overEvents(events, rule.indexFields(), nowMillis, EsqlFullText.forSchema(rule.indexFields()),
                searched::test);
        EsqlQueryRunner.Outcome outcome = runner.run(query, text);
        if (outcome instanceof EsqlQueryRunner.Refused refused) {
            if (!refusalReported) {
                refusalReported = true;
                diagnostics.add(Diagnostic.error(HarnessCodes.ESQL_NOT_EVALUATED, rule.rule().positionOf("/rule/query"),
                        (refused.unsupported() ? "ruleforge cannot evaluate this ES|QL query on fixtures: "
                                : "Elasticsearch would refuse this ES|QL query: ") + refused.message()
                                + " (at character " + (refused.offset() + 1) + " of the query)"));
            }
            return Optional.empty();
        }
        return Optional.of(((EsqlQueryRunner.Ran) outcome).result());
    }

    /**
     * Alerts: one per distinct source event among the rows of a non-aggregating query that keeps {@code _id}; one per
     * row otherwise ({@link EsqlAlerts#alertSources}); at most {@code max_signals}, from Kibana's pages
     * ({@link EsqlAlerts#unsuppressedAlertRows}).
     */
    private int alerts(EsqlResult result) {
        return EsqlAlerts.unsuppressedAlertRows(result, aggregates(), spec.maxSignals()).size();
    }

    private static String firstRow(EsqlResult result) {
        List<String> lines = ResultTable.csvSpec(new EsqlResult(result.columns(), result.rows().subList(0, 1),
                result.rowIds().subList(0, 1), List.of()));
        String row = lines.get(0) + " / " + lines.get(1);
        return row.length() > 300 ? row.substring(0, 297) + "..." : row;
    }

    /** Whether a result row has every column: value of {@code expected} (values compared as ES|QL prints them). */
    private static boolean hasRow(EsqlResult result, ObjectNode expected) {
        for (List<Object> row : result.rows()) {
            boolean all = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext() && all; ) {
                Map.Entry<String, JsonNode> e = it.next();
                int index = -1;
                for (int i = 0; i < result.columns().size(); i++) {
                    if (result.columns().get(i).name().equals(e.getKey())) {
                        index = i;
                    }
                }
                if (index < 0) {
                    all = false;
                    break;
                }
                Column column = result.columns().get(index);
                all = Values.format(row.get(index), column.type()).equals(expectedText(e.getValue()));
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static String expectedText(JsonNode v) {
        if (v.isNull()) {
            return "null";
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(expectedText(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        return v.asText();
    }
}
