package io.ruleforge.evaluate;

import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers written as strings in term, terms and range queries on numeric fields, read as each type's query side reads
 * them ({@link QueryNumbers}). Every expectation was observed on Elasticsearch 8.19.21 (28 Nov 2026), with the event
 * {@code {"l":443,"i":443}} or {@code {"f":443,"d":443}}: "hit", "none" (no hit) or "rejected" (the search fails);
 * {@code EngineDifferentialIT#numericStringsInQueriesAreReadAsTheTypesParserReadsThem} checks 3,030 more pairs live.
 */
class NumericQueryValuesTest {

    private static final FieldSchema SCHEMA = FieldSchema.of("numbers", List.of(new FieldMapping("l", "long"),
            new FieldMapping("i", "integer"), new FieldMapping("f", "float"), new FieldMapping("d", "double")));
    private static final DslEvaluator EVALUATOR = new DslEvaluator(SCHEMA,
            Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // a long's term reads a decimal part with Double.parseDouble (trimmed, Java's syntax), the rest exactly
        "{'term':{'l':' 443'}}            | rejected",
        "{'term':{'l':'443 '}}            | rejected",
        "{'term':{'l':'5d'}}              | rejected",
        "{'term':{'l':'0.5f'}}            | none",
        "{'term':{'l':' 443.5'}}          | none",
        "{'term':{'l':'NaN'}}             | none",
        "{'term':{'l':'Infinity'}}        | none",
        "{'term':{'l':'+443'}}            | hit",
        "{'term':{'l':'4.43e2'}}          | hit",
        "{'terms':{'l':[' 443']}}         | rejected",
        "{'terms':{'l':['NaN']}}          | none",
        "{'range':{'l':{'gte':' 443'}}}   | rejected",
        "{'range':{'l':{'gte':'0.5f'}}}   | rejected",
        "{'range':{'l':{'gte':'NaN'}}}    | rejected",
        "{'range':{'l':{'lt':'Infinity'}}}| rejected",
        "{'range':{'l':{'gte':1e30}}}     | rejected",
        "{'range':{'l':{'gte':442.5}}}    | hit",
        "{'range':{'l':{'gt':443}}}       | none",
        // integers read everything with Double.parseDouble; "NaN" is 0 with a decimal part
        "{'term':{'i':' 443'}}            | hit",
        "{'term':{'i':'NaN'}}             | none",
        "{'terms':{'i':['Infinity']}}     | none",
        "{'range':{'i':{'gte':'NaN'}}}    | hit",
        "{'range':{'i':{'lt':'NaN'}}}     | none",
        "{'range':{'i':{'gte':'Infinity'}}} | rejected",
        "{'range':{'i':{'lte':3000000000}}} | rejected",
        // floating-point types: a term not finite matches nothing, a terms list refuses it, a range takes it
        "{'term':{'f':'Infinity'}}        | none",
        "{'terms':{'f':['NaN']}}          | rejected",
        "{'range':{'f':{'gte':1e39}}}     | none",
        "{'range':{'f':{'lte':'1e39'}}}   | hit",
        "{'range':{'f':{'lt':'NaN'}}}     | hit",
        "{'range':{'f':{'gte':'NaN'}}}    | none",
        "{'range':{'d':{'gte':'-Infinity'}}} | hit",
        "{'range':{'d':{'lt':'-Infinity'}}}  | none",
        "{'term':{'d':' 443'}}            | hit",
        "{'term':{'d':'443d'}}            | hit",
    })
    void aNumericStringIsReadAsTheTypesQueryParserReadsIt(String query, String expected) {
        String event = query.contains("'f'") || query.contains("'d'") ? "{'f':443,'d':443}" : "{'l':443,'i':443}";
        String actual;
        try {
            actual = EVALUATOR.evaluate(DslEvaluatorTest.json(query), DslEvaluatorTest.json(event)).matched() ? "hit" : "none";
        } catch (DslEvaluationException e) {
            actual = "rejected";
        }
        assertThat(actual).as(query).isEqualTo(expected);
    }
}
