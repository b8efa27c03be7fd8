package io.ruleforge.pipeline;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Code;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.kql.KqlNode;
import io.ruleforge.kql.KqlValue;

import java.util.Optional;

/**
 * A KQL rule's compiled search that Elasticsearch would reject whatever the event — a wildcard field name expanding to
 * a numeric field its value is no number for — is an error when the rule is compiled, not first when it is tested, or in production where every run of it fails. The evaluator that decides
 * fixtures says so on an event with no fields (its rejections are those of Elasticsearch, checked by the differential
 * tests); what it does not model is left to the test stage, which names it.
 */
final class RejectedSearches {

    private static final ObjectNode NO_FIELDS = JsonNodeFactory.instance.objectNode();

    private RejectedSearches() {
    }

    /**
     * The field of the clause a rejection names by its path ({@code bool.filter[0].bool.should[1]: match: …}): the
     * path alone does not say which of the fields a wildcard name reached was refused.
     */
    private static Optional<String> fieldOf(ObjectNode dsl, String message) {
        int colon = message.indexOf(": ");
        if (colon < 0) {
            return Optional.empty();
        }
        String pointer = "/" + message.substring(0, colon).replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
        com.fasterxml.jackson.databind.JsonNode clause = dsl.at(pointer);
        if (!clause.isObject() || clause.size() != 1) {
            return Optional.empty();
        }
        com.fasterxml.jackson.databind.JsonNode body = clause.elements().next();
        return body.isObject() && body.size() >= 1 ? Optional.of(body.fieldNames().next()) : Optional.empty();
    }

    /**
     * Whether the query names fields by a wildcard ({@code process.*:x}): the one way its compiled DSL reaches fields
     * whose types the query checks (RF4005, at each field named) never saw. Only such rules are evaluated here, which
     * keeps the evaluator out of a cold compile of the rest (a third of a second of CPU on the corpus).
     */
    private static boolean namesFieldsByPattern(KqlNode root) {
        return root.anyMatch(node -> node instanceof KqlNode.Is is && is.field() instanceof KqlValue.Wildcard
                || node instanceof KqlNode.Range range && range.field() instanceof KqlValue.Wildcard);
    }

    /**
     * The error for the DSL the rule's KQL compiles to, when Elasticsearch would reject it; empty for any other rule.
     * Only the compiled KQL is checked, whose every construct the evaluator models: the rule's hand-written
     * {@code filters} may use options it does not (a phrase's {@code slop}), and the test stage says so for them.
     */
    static Optional<Diagnostic> of(CompiledRule rule) {
        Optional<ObjectNode> search = rule.dsl();
        if (rule.kql().isEmpty() || search.isEmpty() || !namesFieldsByPattern(rule.kql().get().root())) {
            return Optional.empty();
        }
        try {
            new DslEvaluator(rule.indexFields()).evaluate(search.get(), NO_FIELDS);
            return Optional.empty();
        } catch (DslEvaluationException e) {
            if (e.isNotModelled()) {
                return Optional.empty();
            }
            return Optional.of(Diagnostic.error(Code.RF4013.id(), rule.rule().positionOf("/rule/query"),
                    "Elasticsearch would reject the compiled query, whatever the event: " + e.getMessage()
                            + fieldOf(search.get(), e.getMessage()).map(f -> " (the clause on " + f + ")").orElse(""))
                    .withHint("give values of the types of the fields the query reaches; a wildcard field name reaches every"
                            + " field it matches, numeric ones too: name the fields instead"));
        }
    }
}
