package io.ruleforge.esql.functions;

import io.ruleforge.esql.ast.DataType;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * One formal parameter of an ES|QL function.
 *
 * @param name     as in Elasticsearch's function reference, for messages
 * @param types    the accepted types; empty accepts any type
 * @param optional may be left out (only trailing parameters are)
 * @param constant Elasticsearch requires a foldable value here (a literal, a parameter, or an expression of them)
 */
public record Parameter(String name, Set<DataType> types, boolean optional, boolean constant) {

    public Parameter {
        types = Set.copyOf(types);
    }

    public boolean acceptsAnyType() {
        return types.isEmpty();
    }

    /** Whether an argument of {@code type} fits; {@code NULL} and {@code UNSUPPORTED} (unknown) fit everywhere. */
    public boolean accepts(DataType type) {
        return types.isEmpty() || type == DataType.NULL || type == DataType.UNSUPPORTED || types.contains(type);
    }

    /** The accepted types as a message lists them, e.g. {@code double, integer, long}. */
    public String typeDescription() {
        if (types.isEmpty()) {
            return "any type";
        }
        return types.stream().map(DataType::esName).sorted().collect(Collectors.joining(", "));
    }
}
