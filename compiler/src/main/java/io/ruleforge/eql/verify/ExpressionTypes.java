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
        if (e instanceof Expression.Field f) {
            return !(f.optional() && !schema.isEmpty() && schema.resolved(f.path()).isEmpty());
        }
        if (e instanceof Expression.Literal) {
            return false;
        }
        if (e instanceof Expression.Negate n) {
            return readsField(n.operand());
        }
        if (e instanceof Expression.Not n) {
            return readsField(n.operand());
        }
        if (e instanceof Expression.Arithmetic a) {
            return readsField(a.left()) || readsField(a.right());
        }
        if (e instanceof Expression.Comparison c) {
            return readsField(c.left()) || readsField(c.right());
        }
        if (e instanceof Expression.FunctionCall f) {
            return f.arguments().stream().anyMatch(this::readsField);
        }
        if (e instanceof Expression.In in) {
            return readsField(in.value()) || in.candidates().stream().anyMatch(this::readsField);
        }
        if (e instanceof Expression.Match m) {
            return readsField(m.value());
        }
        if (e instanceof Expression.And a) {
            return a.operands().stream().anyMatch(this::readsField);
        }
        return ((Expression.Or) e).operands().stream().anyMatch(this::readsField);
    }
}
