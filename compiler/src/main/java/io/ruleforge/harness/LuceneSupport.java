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
        if (!(LuceneParser.parse(rule.rule().query().orElse("")) instanceof LuceneParseResult.Success parsed)) {
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
        return Optional.empty();
    }
}
