package io.ruleforge.esql;

import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.testing.CorpusRules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EsqlCanonicalTest {

    private static EsqlQuery parse(String query) {
        EsqlParseResult parsed = EsqlParser.parse(query, EsqlVersion.V9);
        assertThat(parsed).as(query).isInstanceOf(EsqlParseResult.Success.class);
        return ((EsqlParseResult.Success) parsed).query();
    }

    private static String canonical(String query) {
        return EsqlCanonical.of(parse(query));
    }

    @Test
    void printsOneSpellingWrittenOutByHand() {
        assertThat(canonical("""
                from logs-*  metadata _id   // the source
                | where   event.outcome=="failure" and `source`.ip is not null /* a comment */
                | stats failures = count(*) by source.ip
                | where failures>=20
                | sort failures desc nulls first | limit 10
                """)).isEqualTo("FROM logs-* METADATA _id"
                + " | WHERE event.outcome == \"failure\" AND source.ip IS NOT NULL"
                + " | STATS failures = COUNT(*) BY source.ip"
                + " | WHERE failures >= 20"
                + " | SORT failures DESC | LIMIT 10");
    }

    @Test
    void layoutCommentsKeywordCaseQuotingAndRedundantParenthesesDoNotCount() {
        String a = canonical("FROM logs-* | WHERE a == 1 AND (b > 2 OR c IS NULL) | EVAL d = x * (y + 1) | KEEP host.*, d");
        assertThat(canonical("""
                from "logs-*"
                // why
                | where ((a == 1)) and (b > 2 or c is null)   /* same */
                | eval `d` = (x) * (y + 1)
                | keep `host`.*, `d`
                """)).isEqualTo(a);
        assertThat(canonical("FROM logs-* | WHERE a == 1.50 AND b IN (1, 2) | EVAL t = NOW() - 60 minutes"))
                .isEqualTo(canonical("from logs-* | where a == 1.5 and b in (1,2) | eval t = now() - 1 hour"))
                .contains("a == 1.5", "b IN (1, 2)", "NOW() - 1 hour");
        assertThat(canonical("FROM i | WHERE NOT x LIKE \"a*\"")).isEqualTo(canonical("FROM i | WHERE x NOT LIKE \"a*\""));
        assertThat(canonical("FROM i | WHERE s == \"\"\"a\\b\"\"\"")).isEqualTo("FROM i | WHERE s == \"a\\\\b\"");
    }

    @Test
    void whatChangesTheMeaningChangesTheCanonicalForm() {
        String base = canonical("FROM logs-* | STATS failures = COUNT(*) BY source.ip | WHERE failures >= 20");
        assertThat(canonical("FROM logs-* | STATS failures = COUNT(*) BY source.ip | WHERE failures >= 5")).isNotEqualTo(base);
        assertThat(canonical("FROM logs-* | STATS failures = COUNT(*) BY source.ip | WHERE failures > 20")).isNotEqualTo(base);
        // precedence kept: (a OR b) AND c is not a OR (b AND c)
        assertThat(canonical("FROM i | WHERE (a OR b) AND c")).isEqualTo("FROM i | WHERE (a OR b) AND c")
                .isNotEqualTo(canonical("FROM i | WHERE a OR b AND c"));
        assertThat(canonical("FROM i | EVAL x = (a - b) - c")).isNotEqualTo(canonical("FROM i | EVAL x = a - (b - c)"));
        // an unnamed column is named after its text, so a different spelling is a different column
        assertThat(canonical("FROM i | STATS count(*)")).isEqualTo("FROM i | STATS `count(*)` = COUNT(*)")
                .isNotEqualTo(canonical("FROM i | STATS COUNT(*)"));
    }

    @Test
    void everyCorpusQueryReparsesToTheSameCanonicalForm() {
        List<CorpusRules.Rule> rules = CorpusRules.ofLanguage("esql");
        assertThat(rules).isNotEmpty();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (CorpusRules.Rule rule : rules) {
            if (!(EsqlParser.parse(rule.query(), EsqlVersion.V9) instanceof EsqlParseResult.Success parsed)) {
                continue; // a syntax error of its own: EsqlParser's tests cover those
            }
            String once = EsqlCanonical.of(parsed.query());
            EsqlParseResult again = EsqlParser.parse(once, EsqlVersion.V9);
            if (again instanceof EsqlParseResult.Failure failure) {
                problems.add(rule.file() + ": canonical form does not parse: " + failure.error().message() + "\n  " + once);
            } else if (!EsqlCanonical.of(((EsqlParseResult.Success) again).query()).equals(once)) {
                problems.add(rule.file() + ": canonical form is not stable\n  " + once + "\n  "
                        + EsqlCanonical.of(((EsqlParseResult.Success) again).query()));
            }
            checked++;
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThan(rules.size() * 9 / 10);
    }
}
