package io.ruleforge.eql;

import io.ruleforge.testing.CorpusRules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.evaluate.eql.EqlSettings;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.testing.SharedFolder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every corpus rule can be evaluated: the evaluator must cope with every construct Elastic's rules use (functions,
 * regexes, sequences with runs and missing events, samples) without throwing. The events are the shared EQL
 * example events; which rules fire on them is not the point.
 */
class EqlCorpusEvaluateTest {

    @Test
    void everyCorpusRuleEvaluatesWithoutFailure() throws IOException {
        JsonNode examples = new ObjectMapper().readTree(
                SharedFolder.require("conformance/eql").resolve("eql-examples.json").toFile());
        List<JsonNode> events = new ArrayList<>();
        examples.get("events").forEach(events::add);
        EqlEvaluator evaluator = new EqlEvaluator(EcsSchemas.load("9.4.0"), EqlSettings.defaults().withSize(100));
        List<String> failures = new ArrayList<>();
        int evaluated = 0;
        for (CorpusRules.Rule rule : EqlCorpus.load()) {
            EqlQuery query = ((EqlParseResult.Success) EqlParser.parse(rule.query())).query();
            try {
                evaluator.evaluate(query, events);
                evaluated++;
            } catch (RuntimeException e) {
                failures.add(rule.file() + ": " + e);
            }
        }
        System.out.printf("[eql-corpus] evaluated %d rules without failure%n", evaluated);
        assertThat(failures).isEmpty();
    }
}
