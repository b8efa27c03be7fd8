package io.ruleforge.esql.verify;

import io.ruleforge.ql.SourceSpan;

import java.util.ArrayList;
import java.util.List;

/** Collects every finding of one verification, as Elasticsearch's Verifier collects all failures before answering. */
final class Problems {

    private final List<EsqlProblem> found = new ArrayList<>();

    void error(String kind, String message, SourceSpan span) {
        found.add(new EsqlProblem(EsqlProblem.Severity.ERROR, kind, message, span));
    }

    void note(String kind, String message, SourceSpan span) {
        found.add(new EsqlProblem(EsqlProblem.Severity.INFO, kind, message, span));
    }

    void warning(String kind, String message, SourceSpan span) {
        found.add(new EsqlProblem(EsqlProblem.Severity.WARNING, kind, message, span));
    }

    List<EsqlProblem> all() {
        return List.copyOf(found);
    }
}
