package io.ruleforge.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.eqlgen.EqlTranslation;

import java.io.UncheckedIOException;
import java.util.Optional;

/** {@code <out>/compiled/<file stem>.json}: what a rule compiles to, for reviews. */
final class CompiledRuleJson {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CompiledRuleJson() {
    }

    /** The compiled file of one rule: its id, name, file, KQL, DSL and EQL (or why there is none). */
    static String render(CompiledRule rule) {
        ObjectNode out = PRETTY.createObjectNode();
        out.put("rule_id", rule.rule().ruleId());
        out.put("name", rule.rule().name());
        out.put("file", rule.rule().displayPath());
        out.put("kql", rule.rule().query().orElse(""));
        out.set("dsl", rule.dsl().orElseThrow());
        Optional<EqlTranslation> eql = rule.eql();
        if (eql.isPresent() && eql.get() instanceof EqlTranslation.Expressed expressed) {
            out.put("eql", expressed.query());
        } else if (eql.isPresent() && eql.get() instanceof EqlTranslation.NotExpressible not) {
            out.put("eql_not_expressible", not.reason());
        }
        try {
            return PRETTY.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
