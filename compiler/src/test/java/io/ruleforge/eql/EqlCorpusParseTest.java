package io.ruleforge.eql;

import io.ruleforge.testing.CorpusRules;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every EQL query of Elastic's prebuilt rules must parse: they all run on Elasticsearch. */
class EqlCorpusParseTest {

    @Test
    void everyCorpusRuleParses() {
        List<CorpusRules.Rule> rules = EqlCorpus.load();
        List<String> failures = new ArrayList<>();
        for (CorpusRules.Rule rule : rules) {
            EqlParseResult result = EqlParser.parse(rule.query());
            if (result instanceof EqlParseResult.Failure f) {
                EqlSyntaxError e = f.error();
                String q = rule.query();
                String near = q.substring(Math.max(0, e.offset() - 30), Math.min(q.length(), e.offset() + 30));
                failures.add(rule.file() + " " + e.line() + ":" + e.column() + " " + e.message() + "\n    near: " + near);
            }
        }
        System.out.printf("[eql-corpus] parsed %d/%d EQL rules%n", rules.size() - failures.size(), rules.size());
        assertThat(rules).hasSize(EqlCorpus.EXPECTED_RULES);
        assertThat(failures).as(String.join("\n", failures.subList(0, Math.min(10, failures.size())))).isEmpty();
    }
}
