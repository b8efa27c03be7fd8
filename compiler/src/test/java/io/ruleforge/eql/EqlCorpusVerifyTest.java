package io.ruleforge.eql;

import io.ruleforge.testing.CorpusRules;

import io.ruleforge.eql.verify.EqlProblem;
import io.ruleforge.eql.verify.EqlVerifier;
import io.ruleforge.fields.EcsSchemas;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elastic's prebuilt EQL rules run on Elasticsearch, so the verifier must find no error in them with ECS 9.4.0.
 * Warnings are expected (integration fields outside ECS) and counted by kind.
 */
class EqlCorpusVerifyTest {

    @Test
    void corpusRulesHaveNoVerifierErrors() {
        EqlVerifier verifier = new EqlVerifier(EcsSchemas.load("9.4.0"));
        List<String> errors = new ArrayList<>();
        Map<String, Integer> warningsByCode = new TreeMap<>();
        int rulesWithWarnings = 0;
        List<CorpusRules.Rule> rules = EqlCorpus.load();
        for (CorpusRules.Rule rule : rules) {
            EqlParseResult result = EqlParser.parse(rule.query());
            assertThat(result).as(rule.file().toString()).isInstanceOf(EqlParseResult.Success.class);
            List<EqlProblem> problems = verifier.verify(((EqlParseResult.Success) result).query());
            boolean warned = false;
            for (EqlProblem p : problems) {
                if (p.severity() == EqlProblem.Severity.ERROR) {
                    errors.add(rule.file() + ": " + p + "  <" + rule.query().substring(p.span().start(), p.span().end()) + ">");
                } else {
                    warningsByCode.merge(p.code(), 1, Integer::sum);
                    warned = true;
                }
            }
            rulesWithWarnings += warned ? 1 : 0;
        }
        System.out.printf("[eql-verify] %d rules, %d errors, warnings by kind %s in %d rules%n",
                rules.size(), errors.size(), warningsByCode, rulesWithWarnings);
        errors.stream().limit(40).forEach(e -> System.out.println("    " + e));
        assertThat(errors).as("verifier errors on corpus rules").isEmpty();
    }
}
