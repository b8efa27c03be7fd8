package io.ruleforge.esql.functions;

import io.ruleforge.esql.ast.DataType;

import java.util.List;

/**
 * The signature of one ES|QL function: what the verifier checks a call against and the evaluator dispatches on.
 *
 * @param name       canonical upper-case name; lookup is case-insensitive
 * @param kind       scalar, aggregate (only inside {@code STATS}) or grouping ({@code BUCKET}, {@code CATEGORIZE})
 * @param parameters the formal parameters; optional ones trail
 * @param variadic   the last parameter repeats ({@code COALESCE}, {@code CONCAT}, {@code CIDR_MATCH} …)
 * @param returns    the result type from the argument types
 */
public record EsqlFunction(String name, Kind kind, List<Parameter> parameters, boolean variadic, ReturnType returns) {

    public enum Kind {
        SCALAR, AGGREGATE, GROUPING
    }

    public EsqlFunction {
        parameters = List.copyOf(parameters);
        if (variadic && parameters.isEmpty()) {
            throw new IllegalArgumentException(name + ": a variadic function needs a parameter to repeat");
        }
    }

    public boolean isAggregate() {
        return kind == Kind.AGGREGATE;
    }

    public int minArity() {
        int n = 0;
        for (Parameter p : parameters) {
            if (!p.optional()) {
                n++;
            }
        }
        return n;
    }

    /** The largest number of arguments, or {@link Integer#MAX_VALUE} for variadic functions. */
    public int maxArity() {
        return variadic ? Integer.MAX_VALUE : parameters.size();
    }

    /** The parameter an argument at {@code index} binds to (index below {@link #maxArity()}). */
    public Parameter parameter(int index) {
        if (index < parameters.size()) {
            return parameters.get(index);
        }
        return parameters.get(parameters.size() - 1);
    }

    public DataType resultType(List<DataType> argumentTypes) {
        return returns.resolve(argumentTypes);
    }

    /** How the arity reads in a message: {@code 2}, {@code 1 to 2}, {@code at least 1}, {@code no}. */
    public String arityDescription() {
        if (variadic) {
            return "at least " + minArity();
        }
        if (minArity() == maxArity()) {
            return maxArity() == 0 ? "no" : String.valueOf(maxArity());
        }
        return minArity() + " to " + maxArity();
    }
}
