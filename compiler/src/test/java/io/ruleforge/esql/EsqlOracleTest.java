package io.ruleforge.esql;

import io.ruleforge.testing.CorpusRules;

import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.esql.ast.NamedExpression;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elasticsearch 8.19's own ES|QL parser as the syntax oracle: ruleforge (with 8.19 syntax) must accept and reject the
 * same queries, report the first error at the same line and column, and build the same pipeline (commands in order,
 * WHERE and EVAL expressions of the same shape).
 */
class EsqlOracleTest {

    private static EsqlOracle oracle;

    @BeforeAll
    static void loadOracle() {
        oracle = EsqlOracle.load();
    }

    @Test
    void corpusQueriesAgreeWithElasticsearch() {
        List<CorpusRules.Rule> rules = EsqlCorpus.load();
        Comparison c = compare(oracle, rules.stream().map(CorpusRules.Rule::query).toList());
        System.out.printf("[esql-oracle] corpus: %d queries, ES accepts %d, agree on verdict %d, positions %d, shapes %d%n",
                c.total, c.esAccepted, c.sameVerdict, c.samePosition, c.sameShape);
        assertThat(c.disagreements).as(summary(c.disagreements)).isEmpty();
    }

    static final class Comparison {
        int total;
        int esAccepted;
        int sameVerdict;
        int samePosition;
        /** Rejections Elasticsearch gives no position for (its lexer's mode stack underflows on a stray "]"). */
        int esUnpositioned;
        int sameShape;
        final List<String> disagreements = new ArrayList<>();
    }

    static Comparison compare(EsqlOracle oracle, List<String> queries) {
        Comparison c = new Comparison();
        for (String q : queries) {
            c.total++;
            EsqlOracle.Verdict es = oracle.parse(q);
            EsqlParseResult ours = EsqlParser.parse(q, EsqlVersion.V8_19);
            if (es.accepted()) {
                c.esAccepted++;
            }
            boolean weAccept = ours instanceof EsqlParseResult.Success;
            if (weAccept != es.accepted()) {
                c.disagreements.add("verdict: ES " + (es.accepted() ? "accepts" : "rejects " + es.line() + ":"
                        + es.column() + " " + es.message()) + "; ruleforge " + (weAccept ? "accepts"
                        : "rejects " + describe((EsqlParseResult.Failure) ours)) + "\n    query: " + q);
                continue;
            }
            c.sameVerdict++;
            if (ours instanceof EsqlParseResult.Failure f) {
                if (es.line() < 0) {
                    c.esUnpositioned++;
                } else if (f.error().line() == es.line() && f.error().column() == es.column()) {
                    c.samePosition++;
                } else {
                    c.disagreements.add("position: ES " + es.line() + ":" + es.column() + " " + es.message()
                            + "; ruleforge " + describe(f) + "\n    query: " + q);
                }
                continue;
            }
            EsqlQuery query = ((EsqlParseResult.Success) ours).query();
            List<String> commands = query.commands().stream().map(Command::keyword).toList();
            List<String> expressions = new ArrayList<>();
            for (Command cmd : query.commands()) {
                if (cmd instanceof Command.Where w) {
                    expressions.add(EsqlShapes.shape(w.condition()));
                } else if (cmd instanceof Command.Eval e) {
                    for (NamedExpression f : e.fields()) {
                        expressions.add(EsqlShapes.shape(f.value()));
                    }
                }
            }
            if (commands.equals(es.commands()) && expressions.equals(es.expressions())) {
                c.sameShape++;
            } else {
                c.disagreements.add("shape: ES " + es.commands() + " " + es.expressions() + "\n    ruleforge " + commands
                        + " " + expressions + "\n    query: " + q);
            }
        }
        return c;
    }

    /** The first disagreements, queries cut short: enough to see the pattern. */
    static String summary(List<String> disagreements) {
        StringBuilder out = new StringBuilder(disagreements.size() + " disagreements");
        for (String d : disagreements.subList(0, Math.min(15, disagreements.size()))) {
            out.append('\n').append(d.length() > 1500 ? d.substring(0, 1500) + " …" : d);
        }
        return out.toString();
    }

    private static String describe(EsqlParseResult.Failure f) {
        return f.error().line() + ":" + f.error().column() + " " + f.error().message();
    }
}
