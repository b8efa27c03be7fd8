package io.ruleforge.esql;

import io.ruleforge.testing.CorpusRules;

import io.ruleforge.evaluate.esql.EsqlIndex;
import io.ruleforge.evaluate.esql.EsqlQueryRunner;
import io.ruleforge.evaluate.esql.EvaluationContext;
import io.ruleforge.evaluate.esql.EventIndex;
import io.ruleforge.evaluate.esql.FullTextSupport;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ES|QL query of Elastic's corpus through the evaluator, over an empty index typed by ECS: each must either
 * run or stop at a column ECS does not have (the rule reads an integration's field); none may meet a command or
 * function the evaluator lacks, nor throw — except COMPLETION, which asks an LLM inference endpoint and has no
 * offline result.
 */
class EsqlCorpusEvaluateTest {

    @Test
    void everyCorpusQueryRunsOrNamesAFieldEcsLacks() {
        FieldSchema ecs = EcsSchemas.load("9.4.0");
        List<EsqlIndex> indices = List.of(EventIndex.of("corpus", true, List.of(), ecs));
        EsqlQueryRunner runner = new EsqlQueryRunner(indices, new EvaluationContext(0),
                new FullTextSupport(Optional.of((kql, doc, nowMillis) -> false), FullTextSupport.basic().analyzer()));
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> unsupported = new ArrayList<>();
        for (CorpusRules.Rule rule : EsqlCorpus.load()) {
            EsqlQueryRunner.Outcome outcome = runner.run(rule.query(), EsqlVersion.V9);
            String kind;
            if (outcome instanceof EsqlQueryRunner.Ran) {
                kind = "ran";
            } else {
                EsqlQueryRunner.Refused refused = (EsqlQueryRunner.Refused) outcome;
                kind = refused.syntax() ? "syntax error" : refused.unsupported() ? "unsupported"
                        : refused.message().startsWith("Unknown column") ? "unknown column (not in ECS)" : "refused: " + refused.message();
                if ((refused.unsupported() || kind.startsWith("refused")) && !refused.message().contains("COMPLETION")) {
                    unsupported.add(rule.file() + ": " + refused.message());
                }
            }
            outcomes.merge(kind, 1, Integer::sum);
        }
        System.out.println("ES|QL corpus over ECS: " + outcomes);
        unsupported.forEach(u -> System.out.println("  " + u));
        assertThat(unsupported).isEmpty();
        assertThat(outcomes.getOrDefault("ran", 0)).isGreaterThan(0);
    }
}
