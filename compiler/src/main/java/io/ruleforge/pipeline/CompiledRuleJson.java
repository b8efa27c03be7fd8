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

    /** Whether the rule compiled to something this file shows: DSL (KQL rules) or a parsed EQL query (EQL rules). */
    static boolean hasOutput(CompiledRule rule) {
        return rule.dsl().isPresent() || rule.eqlSource().isPresent() || rule.esqlSource().isPresent();
    }

    /**
     * The compiled file of one rule: its id, name, file, and for a KQL rule its KQL, DSL and EQL (or why there is
     * none), with its filters also the search (DSL and filters); for an EQL rule its EQL, which Kibana sends as
     * written, and its filters as the search's filter; for an ES|QL rule its query and its commands.
     */
    static String render(CompiledRule rule) {
        ObjectNode out = PRETTY.createObjectNode();
        out.put("rule_id", rule.rule().ruleId());
        out.put("name", rule.rule().name());
        out.put("file", rule.rule().displayPath());
        if (rule.esqlSource().isPresent()) {
            // the query as written is what Kibana runs; the command sequence shows the pipeline at a glance
            out.put("esql", rule.rule().query().orElse(""));
            out.putPOJO("esql_commands", rule.esqlSource().get().commands().stream()
                    .map(io.ruleforge.esql.ast.Command::keyword).toList());
            return text(out);
        }
        if (rule.eqlSource().isPresent()) {
            out.put("eql", rule.rule().query().orElse(""));
            // the EQL search's filter: the rule's filters
            rule.filters().ifPresent(f -> out.set("filter", f));
            return text(out);
        }
        out.put(rule.kql().isPresent() ? "kql" : rule.rule().language().orElse("kql"), rule.rule().query().orElse(""));
        out.set("dsl", rule.dsl().orElseThrow());
        // what the detection engine searches with when the rule has filters: the DSL ANDed with them
        rule.filters().ifPresent(f -> out.set("search", rule.searchDsl().orElseThrow()));
        Optional<EqlTranslation> eql = rule.eql();
        if (eql.isPresent() && eql.get() instanceof EqlTranslation.Expressed expressed) {
            out.put("eql", expressed.query());
        } else if (eql.isPresent() && eql.get() instanceof EqlTranslation.NotExpressible not) {
            out.put("eql_not_expressible", not.reason());
        }
        return text(out);
    }

    private static String text(ObjectNode out) {
        try {
            return PRETTY.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
