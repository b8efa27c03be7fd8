package io.ruleforge.evaluate.eql;

import io.ruleforge.evaluate.AsciiCase;
import io.ruleforge.fields.FieldKind;

import io.ruleforge.eql.functions.LuceneRegex;
import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.eql.Expression;
import io.ruleforge.eql.functions.Arithmetic;
import io.ruleforge.eql.functions.EqlFunction;
import io.ruleforge.eql.functions.EqlFunctions;
import io.ruleforge.eql.functions.ValueType;
import io.ruleforge.ql.ComparisonOperator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides an EQL condition for one event the way Elasticsearch's translation to Query DSL does (EQL_SPEC §2.2).
 *
 * <p>Predicates directly on a field with constant operands become term-level queries there, so they see every value
 * of a multi-valued field ("any value matches") and negation is {@code must_not}: {@code f != "x"},
 * {@code f not in (…)} and {@code not f : "x"} also match events without the field. Everything else (functions,
 * arithmetic) runs as a script on single values, where a null result is "no match". Logic is two-valued because
 * every leaf query either matches a document or does not.
 */
final class ConditionEvaluator {

    private final EventValues values;
    /** Compiled regex patterns of this evaluator (one per pattern text and case flag). */
    private final Map<String, Pattern> regexCache = new HashMap<>();

    ConditionEvaluator(EventValues values) {
        this.values = values;
    }

    /** Whether the condition matches the event. */
    boolean test(Expression e, JsonNode doc) {
        if (e instanceof Expression.And and) {
            for (Expression o : and.operands()) {
                if (!test(o, doc)) {
                    return false;
                }
            }
            return true;
        }
        if (e instanceof Expression.Or or) {
            for (Expression o : or.operands()) {
                if (test(o, doc)) {
                    return true;
                }
            }
            return false;
        }
        if (e instanceof Expression.Not not) {
            return !test(not.operand(), doc);
        }
        if (e instanceof Expression.Comparison c) {
            return comparison(c, doc);
        }
        if (e instanceof Expression.In in) {
            return in(in, doc);
        }
        if (e instanceof Expression.Match m) {
            return match(m, doc);
        }
        if (e instanceof Expression.FunctionCall f) {
            return function(f, doc);
        }
        if (e instanceof Expression.Field f) {
            return values.values(doc, f.path()).contains(Boolean.TRUE);
        }
        return Boolean.TRUE.equals(value(e, doc));
    }

    /** The value of an expression for one event (first value of a multi-valued field), or null. */
    Object value(Expression e, JsonNode doc) {
        if (e instanceof Expression.Literal l) {
            return l.value();
        }
        if (e instanceof Expression.Field f) {
            List<Object> vs = values.values(doc, f.path());
            return vs.isEmpty() ? null : vs.get(0);
        }
        if (e instanceof Expression.Arithmetic a) {
            return Arithmetic.apply(Arithmetic.Op.valueOf(a.operator().name()), value(a.left(), doc), value(a.right(), doc));
        }
        if (e instanceof Expression.Negate n) {
            return Arithmetic.negate(value(n.operand(), doc));
        }
        if (e instanceof Expression.FunctionCall f) {
            Optional<EqlFunction> fn = EqlFunctions.lookup(f.name());
            if (fn.isEmpty() || f.arguments().size() < fn.get().minArity() || f.arguments().size() > fn.get().maxArity()) {
                return null; // the verifier reports it; Elasticsearch would refuse the query
            }
            List<Object> args = new ArrayList<>();
            for (Expression a : f.arguments()) {
                args.add(value(a, doc));
            }
            return fn.get().apply(args, f.caseInsensitive());
        }
        if (e instanceof Expression.Comparison c && !isNullLiteral(c.left()) && !isNullLiteral(c.right())
                && (value(c.left(), doc) == null || value(c.right(), doc) == null)) {
            // a comparison used as a value is part of a script, where a null operand makes it null: Elasticsearch's
            // nullEqualityWithGtAndHead, null == (exit_code > -1), holds for events without exit_code
            return null;
        }
        return test(e, doc);
    }

    // ------------------------------------------------------------ comparisons

    private boolean comparison(Expression.Comparison c, JsonNode doc) {
        ComparisonOperator op = c.operator();
        Expression.Field field = null;
        Expression other = null;
        if (c.left() instanceof Expression.Field f && isConstant(c.right())) {
            field = f;
            other = c.right();
        } else if (c.right() instanceof Expression.Field f && isConstant(c.left())) {
            field = f;
            other = c.left();
            op = mirrored(op);
        }
        if (field != null) {
            return fieldComparison(field, op, values.searched(field.path(), value(other, doc)), doc);
        }
        // a script: single values, null is no match (x == null and x != null test for null)
        Object left = value(c.left(), doc);
        Object right = value(c.right(), doc);
        if (op == ComparisonOperator.EQ && (left == null || right == null)) {
            return left == null && right == null && (isNull(c.left()) || isNull(c.right()));
        }
        if (op == ComparisonOperator.NEQ && (isNullLiteral(c.left()) || isNullLiteral(c.right()))) {
            return (left == null) != (right == null);
        }
        FieldKind kind = c.left() instanceof Expression.Field f ? values.kind(f.path())
                : c.right() instanceof Expression.Field f ? values.kind(f.path()) : FieldKind.UNMAPPED;
        Integer cmp = Coercion.compare(kind, left, right, false);
        return cmp != null && holds(op, cmp);
    }

    /** {@code field OP constant} as a term/range query: any value satisfies; != is must_not(term). */
    private boolean fieldComparison(Expression.Field field, ComparisonOperator op, Object constant, JsonNode doc) {
        List<Object> vs = values.values(doc, field.path());
        if (constant == null) {
            return switch (op) {
                case EQ -> vs.isEmpty();
                case NEQ -> !vs.isEmpty();
                default -> false;
            };
        }
        FieldKind kind = values.kind(field.path());
        if (op == ComparisonOperator.NEQ) {
            return !anyCompares(vs, kind, constant, ComparisonOperator.EQ);
        }
        return anyCompares(vs, kind, constant, op);
    }

    private static boolean anyCompares(List<Object> vs, FieldKind kind, Object constant, ComparisonOperator op) {
        for (Object v : vs) {
            Integer cmp = Coercion.compare(kind, v, constant, false);
            if (cmp != null && holds(op, cmp)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds(ComparisonOperator op, int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NEQ -> cmp != 0;
            case LT -> cmp < 0;
            case LTE -> cmp <= 0;
            case GT -> cmp > 0;
            case GTE -> cmp >= 0;
        };
    }

    private static ComparisonOperator mirrored(ComparisonOperator op) {
        return switch (op) {
            case LT -> ComparisonOperator.GT;
            case LTE -> ComparisonOperator.GTE;
            case GT -> ComparisonOperator.LT;
            case GTE -> ComparisonOperator.LTE;
            default -> op;
        };
    }

    // ------------------------------------------------------------ in, :, like, regex

    private boolean in(Expression.In in, JsonNode doc) {
        List<Object> candidates = new ArrayList<>();
        // on a field, the terms query normalizes its values as the field does
        java.util.function.UnaryOperator<Object> searched = in.value() instanceof Expression.Field f
                ? values.searchedAs(f.path()) : c -> c;
        for (Expression c : in.candidates()) {
            candidates.add(searched.apply(value(c, doc)));
        }
        boolean any = false;
        if (in.value() instanceof Expression.Field f) {
            FieldKind kind = values.kind(f.path());
            for (Object v : values.values(doc, f.path())) {
                // a terms query, or for in~ case-insensitive term queries, which fold ASCII letters only
                any |= inList(kind, v, candidates, in.caseInsensitive(), true);
            }
        } else {
            Object v = value(in.value(), doc);
            any = v != null && inList(FieldKind.UNMAPPED, v, candidates, in.caseInsensitive(), false);
        }
        // `not in` is Not(In): must_not of the terms query
        return in.negated() != any;
    }

    /** @param query a field's: case-insensitive term queries fold ASCII letters only (a script, all of Unicode) */
    private static boolean inList(FieldKind kind, Object v, List<Object> candidates, boolean caseInsensitive, boolean query) {
        for (Object c : candidates) {
            if (caseInsensitive && query && v instanceof String s && c instanceof String t) {
                if (AsciiCase.equalsIgnoreCase(s, t)) {
                    return true;
                }
                continue;
            }
            Integer cmp = Coercion.compare(kind, v, c, caseInsensitive);
            if (cmp != null && cmp == 0) {
                return true;
            }
        }
        return false;
    }

    private boolean match(Expression.Match m, JsonNode doc) {
        List<Object> vs;
        String field = null;
        if (m.value() instanceof Expression.Field f) {
            vs = values.values(doc, f.path());
            field = f.path();
        } else {
            Object v = value(m.value(), doc);
            vs = v == null ? List.of() : List.of(v);
        }
        if (vs.isEmpty()) {
            return false;
        }
        // a wildcard or regexp query on a field normalizes its pattern as the field does
        java.util.function.UnaryOperator<Object> searched = field == null ? p -> p : values.searchedAs(field);
        for (Object v : vs) {
            String text = v.toString();
            for (Expression.Literal p : m.patterns()) {
                if (p.value() != null && matchesPattern(m, text, searched.apply(p.value()).toString(), field != null)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param query on a field, Elasticsearch runs the match as a wildcard or regexp query, whose case_insensitive
     *              folds ASCII letters only; on another expression as a script, which lowercases all of Unicode
     */
    private boolean matchesPattern(Expression.Match m, String text, String pattern, boolean query) {
        if (m.operator() == Expression.MatchOperator.REGEX) {
            Pattern compiled;
            try {
                compiled = regexCache.computeIfAbsent(m.caseInsensitive() + ":" + pattern,
                        k -> LuceneRegex.compile(pattern, m.caseInsensitive()));
            } catch (IllegalArgumentException unsupported) {
                return false; // the verifier reports the pattern
            }
            return compiled.matcher(text).matches();
        }
        if (m.caseInsensitive() && query) {
            return WildcardMatcher.matches(AsciiCase.lower(pattern), AsciiCase.lower(text));
        }
        if (m.caseInsensitive()) {
            return WildcardMatcher.matches(pattern.toLowerCase(Locale.ROOT), text.toLowerCase(Locale.ROOT));
        }
        return WildcardMatcher.matches(pattern, text);
    }

    // ------------------------------------------------------------ functions

    /**
     * A boolean function whose first argument is a field and whose other arguments are constants is a term-level
     * query in Elasticsearch (wildcard, prefix, CIDR terms), so any value of the field can satisfy it; its {@code ~}
     * form is the query's case_insensitive, which folds ASCII letters only.
     */
    private boolean function(Expression.FunctionCall f, JsonNode doc) {
        Optional<EqlFunction> fn = EqlFunctions.lookup(f.name());
        if (fn.isPresent() && fn.get().result() == ValueType.BOOLEAN && !f.arguments().isEmpty()
                && f.arguments().get(0) instanceof Expression.Field field
                && f.arguments().size() >= fn.get().minArity() && f.arguments().size() <= fn.get().maxArity()
                && f.arguments().stream().skip(1).allMatch(ConditionEvaluator::isConstant)) {
            List<Object> rest = new ArrayList<>();
            java.util.function.UnaryOperator<Object> searched = values.searchedAs(field.path());
            for (Expression a : f.arguments().subList(1, f.arguments().size())) {
                rest.add(searched.apply(value(a, doc)));
            }
            for (Object v : values.values(doc, field.path())) {
                List<Object> args = new ArrayList<>();
                args.add(v);
                args.addAll(rest);
                if (f.caseInsensitive()) {
                    // startsWith~, endsWith~, stringContains~ on a field are case-insensitive prefix and wildcard
                    // queries, which fold ASCII letters only (a script would lowercase all of Unicode)
                    args.replaceAll(a -> a instanceof String t ? AsciiCase.lower(t) : a);
                }
                if (Boolean.TRUE.equals(fn.get().apply(args, false))) {
                    return true;
                }
            }
            return false;
        }
        return Boolean.TRUE.equals(value(f, doc));
    }

    /**
     * Contains no field reference, so it folds to a constant, as Elasticsearch's optimizer folds it (ConstantFolding)
     * before the query is built: {@code flag == (1 == 1)} is the term query {@code flag == true}, which any value of
     * the field satisfies. (An optional field the mapping lacks is still read here: where an event has it, the real
     * index may map it.)
     */
    static boolean isConstant(Expression e) {
        return !e.readsField();
    }

    private static boolean isNullLiteral(Expression e) {
        return e instanceof Expression.Literal l && l.isNull();
    }

    /**
     * The literal null, or an optional field the mapping lacks, which Elasticsearch replaces by null: so
     * {@code ?x == ?y} holds where neither is mapped (optionalFieldAsQueryKeysOnly). Such a field's values are still
     * read where an event has them, as the real index may map it.
     */
    private boolean isNull(Expression e) {
        return isNullLiteral(e) || e instanceof Expression.Field f && f.optional() && values.isUnmapped(f.path());
    }
}
