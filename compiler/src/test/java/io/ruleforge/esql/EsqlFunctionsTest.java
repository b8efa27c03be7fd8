package io.ruleforge.esql;

import io.ruleforge.esql.ast.DataType;
import io.ruleforge.esql.functions.EsqlFunction;
import io.ruleforge.esql.functions.EsqlFunctions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Signatures as Elasticsearch's ES|QL function reference states them. */
class EsqlFunctionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"VALUES", "CASE", "COUNT_DISTINCT", "COUNT", "MIN", "MAX", "REPLACE", "MV_FIRST",
            "COALESCE", "SUM", "DATE_TRUNC", "TO_LOWER", "MV_MIN", "KQL", "DATE_DIFF", "LENGTH", "TO_STRING", "CONCAT",
            "NOW", "JSON_EXTRACT", "STARTS_WITH", "AVG", "MV_CONCAT", "CIDR_MATCH", "ROUND", "URL_DECODE", "SPLIT",
            "TO_UPPER", "FIRST", "LAST", "MV_LAST", "MV_SLICE", "ENDS_WITH", "MV_INTERSECTION", "TO_INTEGER",
            "TO_LONG", "LOCATE", "ST_DISTANCE", "TO_GEOPOINT", "MATCH", "MV_CONTAINS", "MV_DEDUPE", "TO_DOUBLE",
            "TO_IP", "ST_X", "ST_Y"})
    void everyFunctionElasticRulesCallIsKnown(String name) {
        assertThat(EsqlFunctions.lookup(name)).isPresent();
    }

    @Test
    void lookupIgnoresLetterCase() {
        assertThat(EsqlFunctions.lookup("count_distinct")).map(EsqlFunction::name).contains("COUNT_DISTINCT");
        assertThat(EsqlFunctions.lookup("NO_SUCH_FUNCTION")).isEmpty();
    }

    @Test
    void aggregatesAreMarkedAsSuch() {
        assertThat(EsqlFunctions.lookup("VALUES").orElseThrow().isAggregate()).isTrue();
        assertThat(EsqlFunctions.lookup("COUNT").orElseThrow().isAggregate()).isTrue();
        assertThat(EsqlFunctions.lookup("MV_MIN").orElseThrow().isAggregate()).isFalse();
        assertThat(EsqlFunctions.lookup("BUCKET").orElseThrow().kind()).isEqualTo(EsqlFunction.Kind.GROUPING);
    }

    @Test
    void arityFollowsTheReference() {
        EsqlFunction count = EsqlFunctions.lookup("COUNT").orElseThrow();
        assertThat(count.minArity()).isZero();
        assertThat(count.maxArity()).isEqualTo(1);
        EsqlFunction concat = EsqlFunctions.lookup("CONCAT").orElseThrow();
        assertThat(concat.minArity()).isEqualTo(2);
        assertThat(concat.maxArity()).isEqualTo(Integer.MAX_VALUE);
        assertThat(concat.arityDescription()).isEqualTo("at least 2");
        EsqlFunction locate = EsqlFunctions.lookup("LOCATE").orElseThrow();
        assertThat(locate.arityDescription()).isEqualTo("2 to 3");
        assertThat(EsqlFunctions.lookup("NOW").orElseThrow().arityDescription()).isEqualTo("no");
    }

    @Test
    void resultTypesFollowTheArguments() {
        assertThat(EsqlFunctions.lookup("COUNT_DISTINCT").orElseThrow().resultType(List.of(DataType.KEYWORD)))
                .isEqualTo(DataType.LONG);
        assertThat(EsqlFunctions.lookup("MAX").orElseThrow().resultType(List.of(DataType.DATETIME)))
                .isEqualTo(DataType.DATETIME);
        assertThat(EsqlFunctions.lookup("SUM").orElseThrow().resultType(List.of(DataType.INTEGER)))
                .isEqualTo(DataType.LONG);
        assertThat(EsqlFunctions.lookup("SUM").orElseThrow().resultType(List.of(DataType.DOUBLE)))
                .isEqualTo(DataType.DOUBLE);
        assertThat(EsqlFunctions.lookup("COALESCE").orElseThrow()
                .resultType(List.of(DataType.NULL, DataType.IP))).isEqualTo(DataType.IP);
        assertThat(EsqlFunctions.lookup("CASE").orElseThrow()
                .resultType(List.of(DataType.BOOLEAN, DataType.KEYWORD, DataType.KEYWORD))).isEqualTo(DataType.KEYWORD);
        assertThat(EsqlFunctions.lookup("DATE_DIFF").orElseThrow()
                .resultType(List.of(DataType.KEYWORD, DataType.DATETIME, DataType.DATETIME))).isEqualTo(DataType.INTEGER);
    }

    @Test
    void parameterTypesAreChecked() {
        EsqlFunction cidr = EsqlFunctions.lookup("CIDR_MATCH").orElseThrow();
        assertThat(cidr.parameter(0).accepts(DataType.IP)).isTrue();
        assertThat(cidr.parameter(0).accepts(DataType.LONG)).isFalse();
        // the CIDR blocks repeat
        assertThat(cidr.parameter(5).accepts(DataType.KEYWORD)).isTrue();
        assertThat(EsqlFunctions.lookup("LENGTH").orElseThrow().parameter(0).accepts(DataType.INTEGER)).isFalse();
    }
}
