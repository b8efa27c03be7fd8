package io.ruleforge.eql.verify;

import io.ruleforge.eql.Expression;
import io.ruleforge.eql.functions.LuceneRegex;
import io.ruleforge.eql.functions.EqlFunction;
import io.ruleforge.eql.functions.EqlFunctions;
import io.ruleforge.eql.functions.Parameter;
import io.ruleforge.eql.functions.ValueType;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.net.IpBlock;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Walks conditions and join keys: fields against the schema, functions against their signatures, operand types,
 * field-to-field comparisons (EQL_SPEC §2, §3).
 */
final class ExpressionChecks {

    private final FieldSchema schema;
    private final ExpressionTypes types;
    private final ProblemCollector problems;
    /** Unknown fields are reported once per query, at their first use. */
    private final Set<String> reportedFields = new HashSet<>();

    ExpressionChecks(FieldSchema schema, ProblemCollector problems) {
        this.schema = schema;
        this.types = new ExpressionTypes(schema);
        this.problems = problems;
    }

    void check(Expression e) {
        if (e instanceof Expression.Literal) {
            return;
        }
        if (e instanceof Expression.Field f) {
            field(f);
        } else if (e instanceof Expression.Not || e instanceof Expression.And || e instanceof Expression.Or) {
            e.children().forEach(this::check); // nothing to check on the connective itself
        } else if (e instanceof Expression.Negate n) {
            check(n.operand());
            operand(n.operand(), ValueType.NUMBER, "unary -");
        } else if (e instanceof Expression.Arithmetic a) {
            check(a.left());
            check(a.right());
            operand(a.left(), ValueType.NUMBER, "operator " + a.operator().symbol());
            operand(a.right(), ValueType.NUMBER, "operator " + a.operator().symbol());
        } else if (e instanceof Expression.Comparison c) {
            comparison(c);
        } else if (e instanceof Expression.In in) {
            in(in);
        } else if (e instanceof Expression.Match m) {
            match(m);
        } else {
            function((Expression.FunctionCall) e);
        }
    }

    private void field(Expression.Field f) {
        if (schema.isEmpty()) {
            return;
        }
        Optional<FieldMapping> m = schema.resolved(f.path());
        if (m.isEmpty()) {
            // ?field explicitly allows an unmapped field
            if (!f.optional() && reportedFields.add(f.path())) {
                problems.warning("unknown-field", "field [" + f.path() + "] is not in " + schema.name()
                        + schema.closestField(f.path()).map(n -> "; did you mean " + n + "?").orElse(""), f.span());
            }
            return;
        }
        FieldMapping mapping = m.get();
        if (mapping.isContainer()) {
            problems.error("object-field", "field [" + f.path() + "] is an " + mapping.type() + ", not a value", f.span());
        } else if (mapping.isText() && schema.exactSubField(mapping.name()).isEmpty()) {
            // with a keyword multi-field (dynamic mapping gives every string one) Elasticsearch searches that instead
            problems.error("text-field", "field [" + f.path() + "] is of type " + mapping.type()
                    + " without a keyword sub-field and cannot be searched with EQL; use a keyword field", f.span());
        } else if (schema.nestedPathOf(f.path()).isPresent()) {
            problems.error("nested-field", "field [" + f.path() + "] is inside the nested field ["
                    + schema.nestedPathOf(f.path()).get() + "], which EQL cannot search", f.span());
        }
    }

    private void comparison(Expression.Comparison c) {
        check(c.left());
        check(c.right());
        if (types.readsField(c.left()) && types.readsField(c.right())) {
            problems.error("field-comparison", "comparisons against fields are not supported: " + c.operator().symbol()
                    + " has fields on both sides", c.span());
            return;
        }
        ipLiteral(c.left(), c.right());
        ipLiteral(c.right(), c.left());
    }

    private void in(Expression.In in) {
        check(in.value());
        for (Expression candidate : in.candidates()) {
            check(candidate);
            if (types.readsField(candidate)) {
                problems.error("field-comparison", "comparisons against fields are not supported: the values of "
                        + (in.negated() ? "not in" : "in") + " must be constants", candidate.span());
            } else {
                ipLiteral(in.value(), candidate);
            }
        }
        if (in.caseInsensitive()) {
            operand(in.value(), ValueType.STRING, "in~");
        }
    }

    /** An ip field compared with a string that is not an address would fail in Elasticsearch. */
    private void ipLiteral(Expression field, Expression other) {
        if (field instanceof Expression.Field && types.of(field) == ValueType.IP
                && other instanceof Expression.Literal l && l.value() instanceof String s
                && (s.contains("/") || IpBlock.parse(s).isEmpty())) {
            problems.error("invalid-ip", "[" + s + "] is not an IP address (for CIDR blocks use cidrMatch)", l.span());
        }
    }

    private void match(Expression.Match m) {
        check(m.value());
        String op = m.operator().keyword() + (m.caseInsensitive() && m.operator() != Expression.MatchOperator.SEARCH ? "~" : "");
        operand(m.value(), ValueType.STRING, op);
        for (Expression.Literal p : m.patterns()) {
            if (!(p.value() instanceof String pattern)) {
                problems.error("pattern-not-string", op + " needs string patterns, found " + p.value(), p.span());
            } else if (m.operator() == Expression.MatchOperator.REGEX) {
                try {
                    LuceneRegex.compile(pattern, m.caseInsensitive());
                } catch (IllegalArgumentException e) {
                    problems.warning("regex-not-evaluable", "regular expression [" + pattern + "]: " + e.getMessage(), p.span());
                }
            }
        }
    }

    private void function(Expression.FunctionCall f) {
        f.arguments().forEach(this::check);
        Optional<EqlFunction> found = EqlFunctions.lookup(f.name());
        if (found.isEmpty()) {
            problems.error("unknown-function", "Unknown function [" + f.writtenName() + "]", f.span());
            return;
        }
        EqlFunction fn = found.get();
        int n = f.arguments().size();
        if (n < fn.minArity() || n > fn.maxArity()) {
            String arity = fn.arityDescription();
            problems.error("function-arity", fn.name() + " takes " + arity + " argument"
                    + (arity.endsWith(" 1") || arity.equals("1") ? "" : "s") + ", found " + n, f.span());
            return;
        }
        if (f.caseInsensitive() && !fn.caseInsensitiveVariant()) {
            problems.error("function-case-insensitive", fn.name() + " has no case-insensitive variant " + fn.name() + "~",
                    f.span());
        }
        for (int i = 0; i < n; i++) {
            Expression arg = f.arguments().get(i);
            Parameter p = fn.parameter(i);
            if (p.mustBeConstant() && types.readsField(arg)) {
                problems.error("function-constant-argument", fn.name() + " argument [" + p.name()
                        + "] must be a constant", arg.span());
                continue;
            }
            if (fn.name().equals("cidrMatch") && i > 0 && arg instanceof Expression.Literal l && l.value() instanceof String s
                    && IpBlock.parse(s).isEmpty()) {
                problems.error("invalid-cidr", "[" + s + "] is not an IP address or CIDR block", arg.span());
            }
            if (p.type() == ValueType.IP && arg instanceof Expression.Literal l && l.value() instanceof String) {
                continue; // a literal address is fine where an ip field is expected
            }
            operand(arg, p.type(), fn.name() + " argument [" + p.name() + "]");
        }
    }

    private void operand(Expression e, ValueType wanted, String where) {
        ValueType actual = types.of(e);
        if (!actual.fits(wanted)) {
            String what = e instanceof Expression.Field f ? "field [" + f.path() + "] of type "
                    + schema.resolved(f.path()).map(FieldMapping::type).orElse("?") : actual.name().toLowerCase();
            problems.error("argument-type", where + " needs " + describe(wanted) + ", found " + what, e.span());
        }
    }

    private static String describe(ValueType t) {
        return switch (t) {
            case STRING -> "a string (keyword family)";
            case NUMBER -> "a number";
            case IP -> "an ip field";
            case BOOLEAN -> "a boolean";
            case DATE -> "a date";
            default -> "a value";
        };
    }
}
