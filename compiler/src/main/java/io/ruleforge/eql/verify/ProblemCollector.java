package io.ruleforge.eql.verify;

import io.ruleforge.ql.SourceSpan;

import java.util.ArrayList;
import java.util.List;

/** Accumulates the problems of one verification run, in the order they are found. */
final class ProblemCollector {

    private final List<EqlProblem> problems = new ArrayList<>();

    void error(String code, String message, SourceSpan span) {
        problems.add(new EqlProblem(EqlProblem.Severity.ERROR, code, message, span));
    }

    void warning(String code, String message, SourceSpan span) {
        problems.add(new EqlProblem(EqlProblem.Severity.WARNING, code, message, span));
    }

    List<EqlProblem> problems() {
        return List.copyOf(problems);
    }
}
