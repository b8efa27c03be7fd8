package io.ruleforge.replay;

import io.ruleforge.esql.EsqlParseResult;
import io.ruleforge.esql.EsqlParser;
import io.ruleforge.esql.EsqlVersion;
import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.esql.ast.Expression;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which conditions of an ES|QL rule's query replay puts each event through once: the AND operands of the WHEREs
 * reached from FROM through WHERE, EVAL and MV_EXPAND that decide on the event alone — mapped fields (an unmapped
 * one is typed by the window's first event that has it), none an EVAL redefines or an MV_EXPAND expands, not the
 * run's moment.
 */
class EsqlTimelineTest {

    private static final FieldSchema ECS = EcsSchemas.defaultSchema();

    /** The conditions taken, as written. */
    private static List<String> taken(String text) {
        EsqlQuery query = ((EsqlParseResult.Success) EsqlParser.parse(text, EsqlVersion.V9)).query();
        EsqlQuery leading = EsqlTimeline.leadingWheres(query, ECS);
        List<String> out = new ArrayList<>();
        if (leading != null) {
            assertThat(leading.commands()).hasSize(2).first().isInstanceOf(Command.From.class);
            collect(((Command.Where) leading.commands().get(1)).condition(), text, out);
        }
        return out;
    }

    private static void collect(Expression e, String text, List<String> out) {
        if (e instanceof Expression.Logical l && l.operator() == Expression.LogicalOperator.AND) {
            collect(l.left(), text, out);
            collect(l.right(), text, out);
        } else {
            out.add(text.substring(e.span().start(), e.span().end()));
        }
    }

    @Test
    void theConditionsOfTheWheresAfterFromOnMappedFieldsAreAnEventsOwn() {
        assertThat(taken("FROM logs-* | WHERE event.category == \"process\" | WHERE to_lower(process.name) == \"a.exe\""
                + " | STATS c = COUNT(*) BY host.name | WHERE c > 3"))
                .containsExactly("event.category == \"process\"", "to_lower(process.name) == \"a.exe\"");
        assertThat(taken("FROM logs-* METADATA _id | WHERE host.os.type == \"windows\" AND (event.type == \"start\" OR"
                + " event.type == \"end\") | KEEP _id"))
                .containsExactly("host.os.type == \"windows\"", "event.type == \"start\" OR event.type == \"end\"");
    }

    @Test
    void aConditionOnAnUnmappedOrMetadataFieldOrTheRunsMomentIsLeftToTheRuns() {
        assertThat(taken("FROM logs-* | WHERE event.category == \"process\" AND custom.thing == 1 AND @timestamp > NOW() - 1 hour"))
                .containsExactly("event.category == \"process\"");
        assertThat(taken("FROM logs-* | WHERE custom.thing == 1 | WHERE event.category == \"process\""))
                .containsExactly("event.category == \"process\"");
        assertThat(taken("FROM logs-* METADATA _index | WHERE _index LIKE \"logs-*\"")).isEmpty();
        assertThat(taken("FROM logs-* | WHERE @timestamp > NOW() - 1 hour")).isEmpty();
        // KQL()'s date math is decided at the run's moment too; a KQL() without it decides on the event alone
        assertThat(taken("FROM logs-* | WHERE KQL(\"\"\"@timestamp <= \"now-4m\" \"\"\") AND KQL(\"process.name : cmd.exe\")"))
                .containsExactly("KQL(\"process.name : cmd.exe\")");
        assertThat(taken("FROM logs-* | WHERE event.category == \"process\" OR custom.thing == 1")).isEmpty();
    }

    @Test
    void evalAndMvExpandPassTheConditionsOnColumnsTheyLeaveAlone() {
        assertThat(taken("FROM logs-* | EVAL x = 1 | WHERE event.category == \"process\" AND x == 1"))
                .containsExactly("event.category == \"process\"");
        assertThat(taken("FROM logs-* | EVAL host.name = to_lower(host.name) | WHERE host.name == \"a\"")).isEmpty();
        assertThat(taken("FROM logs-* | MV_EXPAND event.action | WHERE event.action == \"exec\" AND host.os.type == \"linux\""))
                .containsExactly("host.os.type == \"linux\"");
        assertThat(taken("FROM logs-* | SORT @timestamp | WHERE event.category == \"process\"")).isEmpty();
        assertThat(taken("FROM logs-* | LIMIT 10 | WHERE event.category == \"process\"")).isEmpty();
    }

    private static RequiredTerms required(String text) {
        EsqlQuery query = ((EsqlParseResult.Success) EsqlParser.parse(text, EsqlVersion.V9)).query();
        EsqlQuery leading = EsqlTimeline.leadingWheres(query, ECS);
        return leading == null ? null : EsqlTimeline.requiredTerms(((Command.Where) leading.commands().get(1)).condition(), ECS);
    }

    /** The strings a keyword field must hold for an event to pass, the most selective first: the rest never run the WHEREs. */
    @Test
    void theWheresRequireTheStringsOfTheirMostSelectiveKeywordCondition() {
        assertThat(required("FROM logs-* | WHERE event.dataset == \"aws.cloudtrail\" AND event.action IN (\"A\", \"B\")"
                + " AND event.provider == \"iam.amazonaws.com\""))
                .isEqualTo(new RequiredTerms("event.provider", java.util.Set.of("iam.amazonaws.com"), false));
        assertThat(required("FROM logs-* | WHERE event.dataset == \"aws.cloudtrail\" AND to_lower(event.action) == \"a\""))
                .isEqualTo(new RequiredTerms("event.dataset", java.util.Set.of("aws.cloudtrail"), false));
        // not a keyword (text, wildcard), negated, not a string, or an OR: no condition
        assertThat(required("FROM logs-* | WHERE process.command_line == \"x\" AND event.action NOT IN (\"a\")"
                + " AND process.pid == 4 AND (event.action == \"a\" OR event.action == \"b\")")).isNull();
        assertThat(new RequiredTerms("event.action", java.util.Set.of("a"), false).mayHold(JSON_EVENT)).isFalse();
        assertThat(new RequiredTerms("event.code", java.util.Set.of("4625"), false).mayHold(JSON_EVENT)).isTrue();
        assertThat(new RequiredTerms("event.action", java.util.Set.of("Logon"), false).mayHold(JSON_EVENT)).isTrue();
    }

    private static final com.fasterxml.jackson.databind.JsonNode JSON_EVENT = read(
            "{\"event\":{\"action\":[\"logon\",\"Logon\"],\"code\":4625}}");

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A run over the same events as the last takes its result only when the query does not read the run's moment. */
    @Test
    void aQueryReadingNowAnywhereIsRunAgainOverTheSameEvents() {
        java.util.function.Function<String, EsqlQuery> parse = t -> ((EsqlParseResult.Success) EsqlParser.parse(t, EsqlVersion.V9)).query();
        assertThat(io.ruleforge.evaluate.esql.EsqlQueryRunner.readsNow(parse.apply(
                "FROM logs-* | STATS m = MAX(@timestamp) BY host.name | EVAL recent = DATE_DIFF(\"minute\", m, now())"))).isTrue();
        assertThat(io.ruleforge.evaluate.esql.EsqlQueryRunner.readsNow(parse.apply(
                "FROM logs-* | STATS m = MAX(@timestamp) BY host.name | WHERE m > TO_DATETIME(\"2026-11-28T00:00:00Z\")"))).isFalse();
        assertThat(io.ruleforge.evaluate.esql.EsqlQueryRunner.readsNow(parse.apply(
                "FROM logs-* | WHERE KQL(\"\"\"@timestamp >= \"NOW-1h\" \"\"\") | STATS c = COUNT(*)"))).isTrue();
        assertThat(io.ruleforge.evaluate.esql.EsqlQueryRunner.readsNow(parse.apply(
                "FROM logs-* | WHERE KQL(\"process.name : cmd.exe\") | STATS c = COUNT(*)"))).isFalse();
    }

    /**
     * A run's index has a column per field the query text names, with an alias's target and a multi-field's parent,
     * and @timestamp; not the thousands of other ECS fields. Names are found as written anywhere in the text: a
     * field named only inside a longer name (host inside host.name) counts too, as the check is by text.
     */
    @Test
    void aRunsIndexHasTheFieldsTheQueryNames() {
        String query = "FROM logs-* | WHERE process.name == \"a.exe\" AND host.name IS NOT NULL"
                + " | STATS c = COUNT(*) BY user.name.text";
        List<String> named = EsqlTimeline.namedIn(ECS, query).fields().stream().map(io.ruleforge.fields.FieldMapping::name).toList();
        assertThat(named).contains("@timestamp", "process.name", "host.name", "user.name.text", "user.name")
                .doesNotContain("process.parent.name", "source.ip", "event.category");
        assertThat(named).hasSizeLessThan(20);
        assertThat(EsqlTimeline.namedIn(ECS, "FROM logs-* | WHERE message LIKE \"*x*\"").fields().stream()
                .map(io.ruleforge.fields.FieldMapping::name).toList()).contains("message", "@timestamp");
    }
}
