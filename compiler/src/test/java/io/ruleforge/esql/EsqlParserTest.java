package io.ruleforge.esql;

import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.DataType;
import io.ruleforge.esql.ast.EsqlNode;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.esql.ast.Expression;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EsqlParserTest {

    private static EsqlQuery parse(String query) {
        EsqlParseResult r = EsqlParser.parse(query, EsqlVersion.V9);
        assertThat(r).as(query).isInstanceOf(EsqlParseResult.Success.class);
        return ((EsqlParseResult.Success) r).query();
    }

    private static EsqlSyntaxError error(String query, EsqlVersion version) {
        EsqlParseResult r = EsqlParser.parse(query, version);
        assertThat(r).as(query).isInstanceOf(EsqlParseResult.Failure.class);
        return ((EsqlParseResult.Failure) r).error();
    }

    @Test
    void commandsArePipelineStepsInOrder() {
        EsqlQuery q = parse("from logs-*, other METADATA _id, _version, _index\n| where a == 1 // comment\n"
                + "| /* block */ eval b = a + 1 | stats c = count(*) by b | sort c desc nulls last | keep c | limit 5");
        assertThat(q.commands()).extracting(Command::keyword)
                .containsExactly("FROM", "WHERE", "EVAL", "STATS", "SORT", "KEEP", "LIMIT");
        Command.From from = (Command.From) q.source();
        assertThat(from.indices()).extracting(Command.IndexPattern::pattern).containsExactly("logs-*", "other");
        assertThat(from.hasMetadata("_version")).isTrue();
        Command.SortKey key = ((Command.Sort) q.commands().get(4)).keys().get(0);
        assertThat(key.ascending()).isFalse();
        assertThat(key.nullsFirst()).isFalse();
        assertThat(((Command.Limit) q.commands().get(6)).count()).isEqualTo(5);
    }

    @Test
    void literalsHaveElasticsearchsTypes() {
        EsqlQuery q = parse("row a = 1, b = 3000000000, c = 1.5, d = \"x\\ty\", e = \"\"\"raw \\t \"q\" \"\"\","
                + " f = 2 hours, g = 7 days, h = null, i = [1, 2.5], j = true, k = -3");
        List<Expression.Literal> values = ((Command.Row) q.source()).fields().stream()
                .map(f -> (Expression.Literal) f.value()).toList();
        assertThat(values).extracting(Expression.Literal::type).containsExactly(DataType.INTEGER, DataType.LONG,
                DataType.DOUBLE, DataType.KEYWORD, DataType.KEYWORD, DataType.TIME_DURATION, DataType.DATE_PERIOD,
                DataType.NULL, DataType.DOUBLE, DataType.BOOLEAN, DataType.INTEGER);
        assertThat(values.get(3).value()).isEqualTo("x\ty");
        assertThat(values.get(4).value()).isEqualTo("raw \\t \"q\" ");
        assertThat(values.get(5).value()).isEqualTo(Duration.ofHours(2));
        assertThat(values.get(6).value()).isEqualTo(Period.ofDays(7));
        assertThat(values.get(8).value()).isEqualTo(List.of(1.0, 2.5));
        assertThat(values.get(10).value()).isEqualTo(-3);
    }

    @Test
    void quotedNamesParametersAndPrecedence() {
        Command.Where w = (Command.Where) parse("FROM x | WHERE `my field`.`a``b` == ?name OR NOT c > ?1 AND d IS NOT NULL")
                .commands().get(1);
        Expression.Logical or = (Expression.Logical) w.condition();
        assertThat(or.operator()).isEqualTo(Expression.LogicalOperator.OR);
        Expression.Comparison eq = (Expression.Comparison) or.left();
        assertThat(((Expression.Column) eq.left()).name()).isEqualTo("my field.a`b");
        assertThat(((Expression.Param) eq.right()).name()).isEqualTo("name");
        // NOT binds tighter than AND, as in Elasticsearch
        Expression.Logical and = (Expression.Logical) or.right();
        assertThat(and.left()).isInstanceOf(Expression.Not.class);
        assertThat(and.right()).isInstanceOf(Expression.IsNull.class);
    }

    @Test
    void childrenReachEveryNode() {
        EsqlQuery q = parse("FROM x | EVAL y = CASE(a > 1, \"big\", \"small\") | WHERE y IN (\"big\", b)");
        List<EsqlNode> all = new ArrayList<>();
        collect(q, all);
        assertThat(all).filteredOn(Expression.Column.class::isInstance).extracting(n -> ((Expression.Column) n).name())
                .containsExactly("a", "y", "b");
    }

    private static void collect(EsqlNode node, List<EsqlNode> out) {
        out.add(node);
        node.children().forEach(c -> collect(c, out));
    }

    @Test
    void syntaxErrorsArePositioned() {
        EsqlSyntaxError e = error("FROM x\n| WHERE a ==\n| KEEP a", EsqlVersion.V9);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(1);
        assertThat(e.message()).startsWith("unexpected \"|\", expected one of:");
        EsqlSyntaxError unterminated = error("FROM x | WHERE a == \"abc", EsqlVersion.V9);
        assertThat(unterminated.column()).isEqualTo(21);
        assertThat(unterminated.message()).startsWith("unterminated string");
    }

    @Test
    void anEscapeEsqlDoesNotKnowIsNamedNotCalledAnUnterminatedString() {
        EsqlSyntaxError unicode = error("FROM x | WHERE a == \"\\u0041\"", EsqlVersion.V9);
        assertThat(unicode.column()).isEqualTo(21);
        assertThat(unicode.message()).startsWith("unknown escape \"\\u\" in a string");
        // known escapes before it are skipped, and the escape named is the first unknown one
        assertThat(error("ROW a = \"x\\\"\\t\\q\\z\"", EsqlVersion.V9).message()).startsWith("unknown escape \"\\q\"");
        // a string with only known escapes that is not closed is still an unterminated string
        assertThat(error("ROW a = \"x\\t", EsqlVersion.V9).message()).startsWith("unterminated string");
        // an unterminated triple-quoted string is called so, whatever backslashes it holds
        assertThat(error("FROM x | WHERE a == \"\"\"C:\\q", EsqlVersion.V9).message())
                .isEqualTo("unterminated \"\"\"…\"\"\" string (it ends on its line)");
        // a triple-quoted string takes a backslash as written
        assertThat(error("ROW a = \"\"\"\\u\"\"\" ^", EsqlVersion.V9).message()).isEqualTo("unexpected character \"^\"");
    }

    @Test
    void aBadCharacterIsReportedOnlyIfNoSyntaxErrorComesBeforeIt() {
        // Elasticsearch lexes lazily: the parser stops at "|" before the lexer ever reaches the open string
        EsqlSyntaxError parserFirst = error("FROM x | WHERE | EVAL b = \"abc", EsqlVersion.V9);
        assertThat(parserFirst.column()).isEqualTo(16);
        assertThat(parserFirst.message()).startsWith("unexpected \"|\"");
        // a query that parses once the bad character is skipped still fails at it
        EsqlSyntaxError lexerOnly = error("ROW a = 1 ^", EsqlVersion.V9);
        assertThat(lexerOnly.column()).isEqualTo(11);
        assertThat(lexerOnly.message()).isEqualTo("unexpected character \"^\"");
    }

    @Test
    void runsOfPrefixOperatorsCountTowardsTheNestingLimitAcrossWhitespaceAndComments() {
        String nots = "NOT /* c */ ".repeat(EsqlParser.MAX_NESTING_DEPTH + 1);
        EsqlSyntaxError e = error("ROW a = " + nots + "true", EsqlVersion.V9);
        assertThat(e.message()).startsWith("query nested too deeply (more than " + EsqlParser.MAX_NESTING_DEPTH);
        assertThat(e.column()).isEqualTo(9 + EsqlParser.MAX_NESTING_DEPTH * "NOT /* c */ ".length());
    }

    @Test
    void unknownCommandsSuggestTheClosestOne() {
        EsqlSyntaxError e = error("FROM x | WHER a > 1", EsqlVersion.V9);
        assertThat(e.column()).isEqualTo(10);
        assertThat(e.message()).isEqualTo("unknown command \"WHER\"; did you mean WHERE?");
    }

    @Test
    void nineXSyntaxDependsOnTheVersion() {
        String inline = "FROM x | INLINE STATS c = COUNT(*) BY h";
        assertThat(parse(inline).commands().get(1)).isInstanceOfSatisfying(Command.Stats.class,
                s -> assertThat(s.inline()).isTrue());
        EsqlSyntaxError e = error(inline, EsqlVersion.V8_19);
        assertThat(e.column()).isEqualTo(10);
        assertThat(e.message()).isEqualTo("INLINE STATS is ES|QL 9.x syntax, not in 8.19;"
                + " select ES|QL 9 to accept it (--esql-version 9, or the plugin's esqlVersion)");
        assertThat(error("FROM x | STATS f = FIRST(a, @timestamp)", EsqlVersion.V8_19).column()).isEqualTo(20);
    }

    @Test
    void timeUnitsAreElasticsearchs() {
        EsqlSyntaxError e = error("FROM x | EVAL t = DATE_TRUNC(5 mins, @timestamp)", EsqlVersion.V9);
        assertThat(e.column()).isEqualTo(30);
        assertThat(e.message()).startsWith("unexpected time interval qualifier: 'mins'");
        // `m` is refused by Elasticsearch 8.19; 9.x syntax takes it as minutes (one of Elastic's 9.3 rules uses it)
        assertThat(error("FROM x | EVAL t = DATE_TRUNC(5m, @timestamp)", EsqlVersion.V8_19).column()).isEqualTo(30);
        assertThat(parse("FROM x | EVAL t = DATE_TRUNC(5m, @timestamp)")).isNotNull();
    }

    @Test
    void anyTextGivesAResultNeverAnException() {
        for (String q : List.of("", "|", "FROM", "FROM x |", "FROM x | WHERE (((", "ROW a = [1, \"x\"]",
                "FROM x | EVAL " + "(".repeat(5000), "FROM x | LIMIT 99999999999", "\u0000", "FROM `x")) {
            assertThat(EsqlParser.parse(q, EsqlVersion.V9)).isNotNull();
        }
    }
}
