package io.ruleforge.evaluate;

import java.util.List;

/**
 * A clause of a compiled query: decides one event, nothing else (no paths, no reasons — those come from
 * {@link DslEvaluator} when a caller asks why). Made by {@link MatcherCompiler}; immutable.
 */
interface CompiledClause {

    boolean test(EvaluationScope event);

    CompiledClause MATCH_ALL = event -> true;
    CompiledClause MATCH_NONE = event -> false;

    /**
     * {@code bool}: every required clause, no excluded one, at least {@code minimumShouldMatch} optional ones.
     * Short-circuits; the cheapest-looking clauses were put first by the compiler.
     */
    record Bool(CompiledClause[] required, CompiledClause[] excluded, CompiledClause[] optional,
                int minimumShouldMatch) implements CompiledClause {

        @Override
        public boolean test(EvaluationScope event) {
            for (CompiledClause c : required) {
                if (!c.test(event)) {
                    return false;
                }
            }
            for (CompiledClause c : excluded) {
                if (c.test(event)) {
                    return false;
                }
            }
            if (minimumShouldMatch <= 0) {
                return true;
            }
            int matched = 0;
            int left = optional.length;
            for (CompiledClause c : optional) {
                if (matched + left < minimumShouldMatch) {
                    return false;
                }
                left--;
                if (c.test(event) && ++matched >= minimumShouldMatch) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Any of the clauses (a should of one-value clauses with minimum_should_match 1). */
    record AnyOf(List<CompiledClause> clauses) implements CompiledClause {
        @Override
        public boolean test(EvaluationScope event) {
            for (CompiledClause c : clauses) {
                if (c.test(event)) {
                    return true;
                }
            }
            return false;
        }
    }
}
