package io.ruleforge.fields;

import io.ruleforge.eql.functions.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FieldKindTest {

    @ParameterizedTest
    @CsvSource({
            "keyword, KEYWORD", "constant_keyword, KEYWORD", "wildcard, KEYWORD", "version, KEYWORD",
            "text, TEXT", "match_only_text, TEXT",
            "long, NUMBER", "unsigned_long, NUMBER", "scaled_float, NUMBER", "half_float, NUMBER", "byte, NUMBER",
            "ip, IP", "date, DATE", "date_nanos, DATE", "boolean, BOOLEAN",
            "object, CONTAINER", "nested, CONTAINER",
            "geo_point, OTHER", "flattened, OTHER", "binary, OTHER", "alias, OTHER"})
    void sortsMappingTypesIntoFamilies(String type, FieldKind expected) {
        assertThat(FieldKind.ofType(type)).isEqualTo(expected);
        assertThat(new FieldMapping("f", type).kind()).isEqualTo(expected);
    }

    @Test
    void predicatesFollowTheKind() {
        FieldMapping bool = new FieldMapping("f", "boolean");
        assertThat(bool.isBoolean()).isTrue();
        assertThat(bool.isKeywordLike() || bool.isText() || bool.isNumeric() || bool.isIp() || bool.isDate()
                || bool.isContainer()).isFalse();
        assertThat(new FieldMapping("f", "match_only_text").isText()).isTrue();
        assertThat(new FieldMapping("f", "nested").isContainer()).isTrue();
    }

    @Test
    void aFieldWithoutMappingIsUnmapped() {
        assertThat(FieldKind.of(Optional.empty())).isEqualTo(FieldKind.UNMAPPED);
        assertThat(FieldKind.UNMAPPED.holdsComparableValues()).isFalse();
        assertThat(FieldKind.OTHER.holdsComparableValues()).isFalse();
        assertThat(FieldKind.KEYWORD.isString()).isTrue();
        assertThat(FieldKind.TEXT.isString()).isTrue();
        assertThat(FieldKind.IP.isString()).isFalse();
    }

    @Test
    void eqlReadsEachKindAsItsValueType() {
        assertThat(ValueType.of(FieldKind.TEXT)).isEqualTo(ValueType.STRING);
        assertThat(ValueType.of(FieldKind.NUMBER)).isEqualTo(ValueType.NUMBER);
        assertThat(ValueType.of(FieldKind.CONTAINER)).isEqualTo(ValueType.UNKNOWN);
        assertThat(ValueType.of(FieldKind.OTHER)).isEqualTo(ValueType.UNKNOWN);
    }
}
