package io.ruleforge.esql.functions;

import io.ruleforge.esql.ast.DataType;

import java.util.List;

/**
 * How a function's result type follows from its argument types. Types of absent or untyped ({@code NULL},
 * {@code UNSUPPORTED}) arguments give {@code UNSUPPORTED} where the result depends on them.
 */
@FunctionalInterface
public interface ReturnType {

    DataType resolve(List<DataType> argumentTypes);

    /** Always {@code type}. */
    static ReturnType fixed(DataType type) {
        return args -> type;
    }

    /** The type of the argument at {@code index}. */
    static ReturnType sameAs(int index) {
        return args -> index < args.size() ? args.get(index) : DataType.UNSUPPORTED;
    }

    /** The type of the first argument that has one, e.g. {@code COALESCE(null, x)} is {@code x}'s type. */
    static ReturnType firstTyped(int from, int step) {
        return args -> {
            for (int i = from; i < args.size(); i += step) {
                DataType t = args.get(i);
                if (t != DataType.NULL && t != DataType.UNSUPPORTED) {
                    return t;
                }
            }
            return DataType.NULL;
        };
    }

    /** {@code SUM}: {@code double} for double input, {@code unsigned_long} for unsigned, else {@code long}. */
    static ReturnType sum() {
        return args -> switch (args.isEmpty() ? DataType.UNSUPPORTED : args.get(0)) {
            case DOUBLE -> DataType.DOUBLE;
            case UNSIGNED_LONG -> DataType.UNSIGNED_LONG;
            default -> DataType.LONG;
        };
    }

    /** String results keep {@code text}-ness in Elasticsearch only for a few functions; most give {@code keyword}. */
    static ReturnType stringLike(int index) {
        return args -> index < args.size() && args.get(index) == DataType.TEXT ? DataType.TEXT : DataType.KEYWORD;
    }
}
