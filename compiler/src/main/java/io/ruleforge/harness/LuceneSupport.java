package io.ruleforge.harness;

import io.ruleforge.compile.CompiledRule;
import io.ruleforge.lucene.LuceneNode;
import io.ruleforge.lucene.LuceneParseResult;
import io.ruleforge.lucene.LuceneParser;

import java.util.Optional;

/**
 * Which lucene-language rules the evaluator can decide. A rule using Lucene syntax whose matching ruleforge does
 * not model is reported as not tested (RF6302), with the construct, instead of being run as something else; replay
 * and the reports give the same reason for it.
 */
public final class LuceneSupport {

    private LuceneSupport() {
    }

    /**
     * Why the rule's query is not evaluated, in RF6302's words ("its Lucene query uses fuzzy terms, which ruleforge
     * does not evaluate"); empty for a rule the evaluators decide, and for every rule not written in Lucene.
     */
    public static Optional<String> notEvaluated(CompiledRule rule) {
        return isLucene(rule)
                ? unsupportedConstruct(rule).map(construct -> "its Lucene query uses " + construct + ", which ruleforge does not evaluate")
                : Optional.empty();
    }

    static boolean isLucene(CompiledRule rule) {
        return rule.rule().language().map("lucene"::equals).orElse(false) && rule.dsl().isPresent();
    }

    /** The first construct of the rule's query the evaluator does not decide, if any. */
    private static Optional<String> unsupportedConstruct(CompiledRule rule) {
        return unsupportedConstruct(rule.rule().query().orElse(""));
    }

    /** As above, for a Lucene query's text. */
    static Optional<String> unsupportedConstruct(String query) {
        if (!(LuceneParser.parse(query) instanceof LuceneParseResult.Success parsed)) {
            return Optional.of("a query Lucene cannot parse");
        }
        return unsupported(parsed.root());
    }

    private static Optional<String> unsupported(LuceneNode node) {
        if (node instanceof LuceneNode.Bool bool) {
            return bool.clauses().stream().map(c -> unsupported(c.node())).flatMap(Optional::stream).findFirst();
        }
        if (node instanceof LuceneNode.Unsupported u) {
            return Optional.of(u.what());
        }
        if (node instanceof LuceneNode.Regexp r && r.field().isEmpty()) {
            return Optional.of("a regular expression on all fields (/" + r.pattern() + "/)");
        }
        if (node instanceof LuceneNode.Range r && r.field().isEmpty()) {
            return Optional.of("a range on all fields");
        }
        // a field pattern (process.\*:x) is evaluated for terms, phrases and wildcards over the fields it matches
        if (node instanceof LuceneNode.Regexp r && r.searchesFieldPattern()) {
            return Optional.of("a regular expression on a field pattern (" + r.field().get() + ")");
        }
        if (node instanceof LuceneNode.Range r && r.searchesFieldPattern()) {
            return Optional.of("a range on a field pattern (" + r.field().get() + ")");
        }
        return Optional.empty();
    }
}
