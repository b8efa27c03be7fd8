package io.ruleforge.eql.verify;

import io.ruleforge.eql.Expression;
import io.ruleforge.eql.functions.EqlFunctions;
import io.ruleforge.eql.functions.ValueType;
import io.ruleforge.fields.FieldKind;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;

import java.util.Optional;

/** The static type of an expression, from literals, field mappings and function result types. */
final class ExpressionTypes {

    private final FieldSchema schema;

    ExpressionTypes(FieldSchema schema) {
        this.schema = schema;
    }

    ValueType of(Expression e) {
        if (e instanceof Expression.Literal l) {
            Object v = l.value();
            return v == null ? ValueType.NULL : v instanceof String ? ValueType.STRING
                    : v instanceof Boolean ? ValueType.BOOLEAN : ValueType.NUMBER;
        }
        if (e instanceof Expression.Field f) {
            return ofField(f.path());
        }
        if (e instanceof Expression.Arithmetic || e instanceof Expression.Negate) {
            return ValueType.NUMBER;
        }
        if (e instanceof Expression.FunctionCall f) {
            return EqlFunctions.lookup(f.name()).map(fn -> fn.result()).orElse(ValueType.UNKNOWN);
        }
        return ValueType.BOOLEAN;
    }

    ValueType ofField(String path) {
        return ValueType.of(FieldKind.of(schema.resolved(path)));
    }

    /**
     * Whether the expression reads a field anywhere (so it cannot fold to a constant). An optional field ({@code ?x})
     * that the mapping lacks is the constant null to Elasticsearch, so {@code ?x == ?y} is no field comparison
     * (Elasticsearch's optionalFieldAsQueryKeysOnly).
     */
    boolean readsField(Expression e) {
        return e.readsField(f -> !(f.optional() && !schema.isEmpty() && schema.resolved(f.path()).isEmpty()));
    }
}
