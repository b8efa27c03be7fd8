package io.ruleforge.eql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@link io.ruleforge.ql.Node} traversals over EQL expressions, and the one "reads a field" query built on them. */
class ExpressionTraversalTest {

    private static Expression condition(String query) {
        EqlParseResult r = EqlParser.parse(query);
        assertThat(r).as(query).isInstanceOf(EqlParseResult.Success.class);
        return ((EventQuery) ((EqlParseResult.Success) r).query().body()).condition();
    }

    @ParameterizedTest(name = "{0} reads a field: {1}")
    @CsvSource(delimiter = '|', value = {
            "1 == 1 | false",
            "not true | false",
            "length(\"abc\") > 2 and (1 + 2) * 3 < 10 | false",
            "\"a\" in (\"a\", \"b\") or \"x\" : \"x*\" | false",
            "x == 1 | true",
            "not x | true",
            "1 in (2, x) | true",
            "length(x) > 0 | true",
            "-x < 0 | true",
            "x : \"a*\" | true",
            "1 == 1 and (2 == 2 or not y) | true",
    })
    void readsFieldLooksIntoEveryKindOfNode(String expression, boolean reads) {
        assertThat(condition("any where " + expression).readsField()).isEqualTo(reads);
    }

    @Test
    void readsFieldCountsOnlyTheFieldsThePredicateAccepts() {
        Expression e = condition("any where ?maybe.there == 1 and 2 == length(?also.maybe)");
        assertThat(e.readsField(f -> !f.optional())).isFalse();
        assertThat(e.readsField(f -> f.path().equals("also.maybe"))).isTrue();
    }

    @Test
    void forEachDownVisitsEveryNodePreOrderInSourceOrder() {
        Expression e = condition("any where a == 1 and not (b in (2, c) or startsWith(d, \"x\"))");
        List<String> seen = new ArrayList<>();
        e.forEachDown(n -> seen.add(n.getClass().getSimpleName()
                + (n instanceof Expression.Field f ? ":" + f.path() : n instanceof Expression.Literal l ? ":" + l.value() : "")));
        assertThat(seen).containsExactly("And", "Comparison", "Field:a", "Literal:1", "Not", "Or", "In", "Field:b",
                "Literal:2", "Field:c", "FunctionCall", "Field:d", "Literal:x");

        List<String> fields = new ArrayList<>();
        e.forEachDown(Expression.Field.class, f -> fields.add(f.path()));
        assertThat(fields).containsExactly("a", "b", "c", "d");
    }

    @Test
    void anyMatchStopsAtTheFirstMatch() {
        Expression e = condition("any where a == 1 or b == 2");
        List<Expression> tested = new ArrayList<>();
        boolean found = e.anyMatch(n -> {
            tested.add(n);
            return n instanceof Expression.Field;
        });
        assertThat(found).isTrue();
        assertThat(tested).hasSize(3); // Or, Comparison, Field a
    }
}
