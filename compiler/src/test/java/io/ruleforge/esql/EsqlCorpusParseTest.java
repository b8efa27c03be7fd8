package io.ruleforge.esql;

import io.ruleforge.testing.CorpusRules;

import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.EsqlQuery;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ES|QL query of Elastic's prebuilt rules must parse with 9.x syntax. (One writes {@code DATE_TRUNC(5m, …)}: 9.x
 * syntax accepts the unit {@code m} with a verifier warning, 8.19 refuses it as Elasticsearch 8.19.21 does.)
 */
class EsqlCorpusParseTest {

    @Test
    void everyCorpusRuleParsesWithNineXSyntax() {
        List<CorpusRules.Rule> rules = EsqlCorpus.load();
        List<String> failures = new ArrayList<>();
        int inlineStats = 0;
        for (CorpusRules.Rule rule : rules) {
            EsqlParseResult result = EsqlParser.parse(rule.query(), EsqlVersion.V9);
            if (result instanceof EsqlParseResult.Failure f) {
                EsqlSyntaxError e = f.error();
                failures.add(rule.file() + " " + e.line() + ":" + e.column() + " " + e.message());
                continue;
            }
            EsqlQuery q = ((EsqlParseResult.Success) result).query();
            assertThat(q.source()).as(rule.file().toString()).isInstanceOf(Command.From.class);
            if (q.commands().stream().anyMatch(c -> c instanceof Command.Stats s && s.inline())) {
                inlineStats++;
            }
        }
        System.out.printf("[esql-corpus] parsed %d/%d ES|QL rules (%d with INLINE STATS)%n",
                rules.size() - failures.size(), rules.size(), inlineStats);
        assertThat(rules).hasSize(EsqlCorpus.EXPECTED_RULES);
        assertThat(failures).as(String.join("\n", failures)).isEmpty();
        assertThat(inlineStats).isEqualTo(6);
    }

    @Test
    void nineXSyntaxIsRefusedUnderEightNineteenWhereElasticsearchRefusesIt() {
        List<String> refused = new ArrayList<>();
        for (CorpusRules.Rule rule : EsqlCorpus.load()) {
            if (EsqlParser.parse(rule.query(), EsqlVersion.V8_19) instanceof EsqlParseResult.Failure f) {
                refused.add(f.error().message());
            }
        }
        // measured with Elasticsearch 8.19.21's parser (EsqlOracleTest): 7 of the 130 are refused, at the same token
        assertThat(refused).hasSize(7).allMatch(m -> m.contains("is ES|QL 9.x syntax, not in 8.19"));
    }
}
