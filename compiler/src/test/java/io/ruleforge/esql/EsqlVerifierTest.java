package io.ruleforge.esql;

import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.esql.verify.EsqlProblem;
import io.ruleforge.esql.verify.EsqlVerifier;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class EsqlVerifierTest {

    private static final FieldSchema SCHEMA = FieldSchema.of("test", List.of(
            new FieldMapping("process.name", "keyword"), new FieldMapping("process.pid", "long"),
            new FieldMapping("process.command_line", "wildcard"), new FieldMapping("host.name", "keyword"),
            new FieldMapping("source.ip", "ip"), new FieldMapping("@timestamp", "date"),
            new FieldMapping("message", "text")));

    private static List<EsqlProblem> verify(String query) {
        return verify(query, OptionalInt.empty());
    }

    private static List<EsqlProblem> verify(String query, OptionalInt maxSignals) {
        EsqlParseResult parsed = EsqlParser.parse(query, EsqlVersion.V9);
        assertThat(parsed).as(query).isInstanceOf(EsqlParseResult.Success.class);
        EsqlQuery q = ((EsqlParseResult.Success) parsed).query();
        return new EsqlVerifier(SCHEMA, KibanaVersion.DEFAULT).verify(q, query, maxSignals);
    }

    private static List<String> kinds(List<EsqlProblem> problems) {
        return problems.stream().map(EsqlProblem::kind).toList();
    }

    @Test
    void aValidPipelineHasNoProblem() {
        assertThat(verify("FROM logs-* | WHERE process.name == \"cmd.exe\" AND process.pid > 4"
                + " | EVAL lower = TO_LOWER(process.name) | STATS n = COUNT(*), pids = VALUES(process.pid) BY lower"
                + " | WHERE n > 3 | SORT n DESC | KEEP lower, n | LIMIT 10")).isEmpty();
    }

    @Test
    void anAndThatIsAnOperandOfAnOrWithoutParenthesesIsANote() {
        String query = "FROM logs-* | WHERE host.name == \"a\" AND process.name == \"b\" OR process.name == \"c\"";
        assertThat(verify(query)).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo("and-within-or");
            assertThat(p.severity()).isEqualTo(EsqlProblem.Severity.INFO);
            assertThat(query.substring(p.span().start(), p.span().end())).isEqualTo("host.name == \"a\" AND process.name == \"b\"");
        });
        assertThat(verify("FROM logs-* | WHERE (host.name == \"a\" AND process.name == \"b\") OR process.name == \"c\"")).isEmpty();
        assertThat(verify("FROM logs-* | WHERE host.name == \"a\" AND (process.name == \"b\" OR process.name == \"c\")")).isEmpty();
        assertThat(kinds(verify("FROM logs-* | EVAL x = process.pid > 1 OR process.pid < 0 AND host.name == \"h\"")))
                .containsExactly("and-within-or");
    }

    @Test
    void columnsFollowThePipeline() {
        // after STATS only its aggregates and groups exist
        List<EsqlProblem> afterStats = verify("FROM logs-* | STATS n = COUNT(*) BY host.name | WHERE process.name == \"x\"");
        assertThat(kinds(afterStats)).containsExactly("unknown-column");
        assertThat(afterStats.get(0).message()).isEqualTo("unknown column [process.name]");
        assertThat(afterStats.get(0).span().start()).isEqualTo(54);
        // KEEP closes the set; RENAME moves a name; EVAL adds one
        assertThat(kinds(verify("FROM logs-* | KEEP host.name | EVAL h = host.name | WHERE process.pid > 1")))
                .containsExactly("unknown-column");
        assertThat(kinds(verify("FROM logs-* | RENAME host.name AS h | KEEP h | WHERE h == \"a\""))).isEmpty();
        assertThat(verify("FROM logs-* | RENAME host.name AS h | KEEP host.name").get(0).message())
                .isEqualTo("unknown column [host.name]");
        assertThat(verify("FROM logs-* | KEEP process.name | DROP process.name | EVAL x = process.name").get(0).kind())
                .isEqualTo("unknown-column");
    }

    @Test
    void grokAndDissectPatternsAddColumns() {
        assertThat(verify("FROM logs-* | DISSECT message \"%{user} logged in from %{?skip} %{+user}\""
                + " | GROK process.command_line \"%{WORD:verb} %{NUMBER:count:int}\""
                + " | STATS c = SUM(count) BY user, verb")).isEmpty();
        assertThat(kinds(verify("FROM logs-* | GROK message \"%{WORD:verb}\" | KEEP verb | WHERE skip == 1")))
                .containsExactly("unknown-column");
    }

    @Test
    void unknownColumnsSuggestTheClosestName() {
        List<EsqlProblem> p = verify("FROM logs-* | EVAL total = process.pid + 1 | KEEP total | WHERE totl > 2");
        assertThat(p).singleElement().extracting(EsqlProblem::message)
                .isEqualTo("unknown column [totl], did you mean [total]?");
    }

    @Test
    void functionsAreCheckedByNameArityAndArgumentType() {
        List<EsqlProblem> p = verify("FROM logs-* | EVAL a = TO_LOWR(process.name), b = LENGTH(process.name, 2),"
                + " c = LENGTH(process.pid), d = CIDR_MATCH(source.ip, \"10.0.0.0/8\", \"192.168.0.0/16\")");
        assertThat(kinds(p)).containsExactly("unknown-function", "arity", "argument-type");
        assertThat(p.get(0).message()).isEqualTo("unknown function [TO_LOWR], did you mean [TO_LOWER]?");
        assertThat(p.get(1).message()).isEqualTo("function [LENGTH] takes 1 argument, found 2");
        assertThat(p.get(2).message()).isEqualTo("first argument of [LENGTH] (string) must be [keyword, text], found [long]");
    }

    @Test
    void aggregatesBelongInStats() {
        assertThat(kinds(verify("FROM logs-* | WHERE COUNT(*) > 1"))).containsExactly("misplaced-aggregate");
        assertThat(kinds(verify("FROM logs-* | STATS x = process.pid"))).containsExactly("not-aggregate");
        assertThat(kinds(verify("FROM logs-* | STATS x = MAX(COUNT(*))"))).containsExactly("nested-aggregate");
        // an expression over aggregates, and a filtered aggregate, are fine
        assertThat(verify("FROM logs-* | STATS r = ROUND(AVG(process.pid), 1), c = COUNT(*) WHERE process.pid > 4"))
                .isEmpty();
    }

    @Test
    void conditionsMustBeBooleanAndComparisonsOfOneFamily() {
        assertThat(kinds(verify("FROM logs-* | WHERE process.pid + 1"))).containsExactly("condition-type");
        assertThat(kinds(verify("FROM logs-* | WHERE process.name > 4"))).containsExactly("argument-type");
        // a string literal is converted to the other side's date or ip
        assertThat(verify("FROM logs-* | WHERE @timestamp > \"2024-01-01\" AND source.ip == \"10.0.0.1\"")).isEmpty();
        assertThat(verify("FROM logs-* | WHERE @timestamp > NOW() - 1 hour")).isEmpty();
    }

    @Test
    void everyFailureIsReportedNotJustTheFirst() {
        assertThat(kinds(verify("FROM logs-* | EVAL a = NOPE(1) | KEEP a | WHERE b > 1 | EVAL c = LENGTH()")))
                .containsExactly("unknown-function", "unknown-column", "arity");
    }

    @Test
    void unmappedFieldsOfAKnownObjectAreOneWarning() {
        // github.* is unknown to the mapping as a whole (a missing integration schema): not reported
        List<EsqlProblem> p = verify("FROM logs-* | WHERE process.nmae == \"x\" AND github.repo == \"y\""
                + " AND host.nam == \"z\" AND process.nmae != \"w\"");
        assertThat(p).singleElement().satisfies(e -> {
            assertThat(e.severity()).isEqualTo(EsqlProblem.Severity.WARNING);
            assertThat(e.message()).isEqualTo("fields process.nmae (did you mean process.name?), host.nam (did you mean"
                    + " host.name?) are not in the mapping of the FROM indices");
            assertThat(e.span().start()).isEqualTo(20);
        });
    }

    @Test
    void kibanaWantsMetadataOnNonAggregatingRules() {
        List<EsqlProblem> p = verify("FROM logs-* | WHERE process.pid > 1", OptionalInt.of(100));
        assertThat(p).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("missing-metadata");
            assertThat(e.message()).startsWith("Queries that don’t use the STATS...BY function (non-aggregating queries)"
                    + " must include the \"metadata _id, _version, _index\" operator");
        });
        assertThat(verify("FROM logs-* METADATA _id, _version, _index | WHERE process.pid > 1", OptionalInt.of(100)))
                .isEmpty();
        assertThat(verify("FROM logs-* | STATS c = COUNT(*) BY host.name", OptionalInt.of(100))).isEmpty();
        // INLINE STATS keeps every row: still non-aggregating
        assertThat(kinds(verify("FROM logs-* | INLINE STATS c = COUNT(*) BY host.name", OptionalInt.of(100))))
                .containsExactly("missing-metadata");
    }

    @Test
    void aNonAggregatingRuleWhoseResultDropsTheIdColumnIsWarnedAtTheCommandThatDropsIt() {
        String keep = "FROM logs-* METADATA _id, _version, _index | WHERE process.pid > 1 | KEEP @timestamp, host.name";
        assertThat(verify(keep, OptionalInt.of(100))).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("dropped-id");
            assertThat(e.severity()).isEqualTo(EsqlProblem.Severity.WARNING);
            assertThat(e.span().start()).isEqualTo(keep.indexOf("KEEP"));
        });
        assertThat(kinds(verify("FROM logs-* METADATA _id, _version, _index | DROP _id", OptionalInt.of(100))))
                .containsExactly("dropped-id");
        assertThat(verify("FROM logs-* METADATA _id, _version, _index | KEEP @timestamp, _id", OptionalInt.of(100))).isEmpty();
        // an aggregating query's rows never name an event; a query that is not a rule is not checked
        assertThat(verify("FROM logs-* METADATA _id | STATS c = COUNT(*) BY host.name", OptionalInt.of(100))).isEmpty();
        assertThat(verify(keep)).isEmpty();
    }

    @Test
    void theTimeUnitMIsAWarning() {
        assertThat(kinds(verify("FROM logs-* | EVAL t = DATE_TRUNC(5m, @timestamp), u = DATE_TRUNC(5 min, @timestamp)")))
                .containsExactly("time-unit");
    }

    @Test
    void aLimitAboveMaxSignalsIsAWarning() {
        assertThat(kinds(verify("FROM logs-* | STATS c = COUNT(*) BY host.name | LIMIT 500", OptionalInt.of(100))))
                .containsExactly("limit-above-max-signals");
        assertThat(verify("FROM logs-* | STATS c = COUNT(*) BY host.name | LIMIT 50", OptionalInt.of(100))).isEmpty();
    }

    @Test
    void theQueryOfKqlIsCompiledAndItsErrorsPositionedInTheString() {
        String query = "FROM logs-* | WHERE KQL(\"process.name: (a or\")";
        List<EsqlProblem> p = verify(query);
        assertThat(p).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("kql-syntax");
            // KQL's error is at its end of input: just before the closing quote
            assertThat(e.span().start()).isEqualTo(query.length() - 2);
        });
        assertThat(verify("FROM logs-* | WHERE KQL(\"process.name: cmd.exe and host.name: *\")")).isEmpty();
    }
}
