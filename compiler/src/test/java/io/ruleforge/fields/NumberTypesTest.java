package io.ruleforge.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How each numeric type stores a value. The half_float figures are IEEE 754 binary16 worked by hand: 10 stored
 * fraction bits, so between 4 and 8 the step is 2^2 × 2^-10 = 0.00390625, and 5.1 ÷ 0.00390625 = 1305.6 rounds to
 * 1306 steps = 5.1015625; the largest finite value is 65,504 (the next step, 65,536, is past the exponent range), and
 * a value from halfway to it (65,520) on rounds to infinity.
 */
class NumberTypesTest {

    private static BigDecimal stored(String type, String value) {
        return NumberTypes.valueInType(type, new BigDecimal(value)).orElse(null);
    }

    @Test
    void aHalfFloatHoldsItsValueAtHalfPrecision() {
        assertThat(stored("half_float", "5.1")).isEqualByComparingTo("5.1015625");
        // 5.1015 lies nearer 5.1015625 than 5.09765625: the same stored value, so the same term
        assertThat(stored("half_float", "5.1015")).isEqualByComparingTo("5.1015625");
        assertThat(stored("half_float", "5.0990")).isEqualByComparingTo("5.09765625");
        assertThat(stored("half_float", "65519")).isEqualByComparingTo("65504");
        assertThat(stored("half_float", "65520")).isNull();
        // a float keeps 24 bits: 5.1 is 5.099999904632568359375
        assertThat(stored("float", "5.1")).isEqualByComparingTo("5.099999904632568359375");
    }

    /** What Elasticsearch indexed: the number, "none" for no value, "refused" when it refused the document. */
    private static String indexed(String type, JsonNode value) {
        NumberTypes.DocumentValue v = NumberTypes.documentValue(type, value);
        return v.refused() ? "refused" : v.value().map(n -> n.stripTrailingZeros().toPlainString()).orElse("none");
    }

    private static String indexed(String type, String text) {
        return indexed(type, TextNode.valueOf(text));
    }

    /*
     * The expected values below are Elasticsearch 8.19.21's, from PUTs of {"<type>": "<string>"} into an index with one
     * field of each type (coerce and ignore_malformed at their defaults), read back with docvalue_fields. Probe26's
     * repro.out: PUT {"process":{"pid":""}} -> "created", exists process.pid -> no hit; {"process":{"pid":" 443"}} ->
     * "failed to parse field [process.pid] of type [long] ... Preview of field's value: ' 443'"; {"event":
     * {"risk_score":"0.5f"}} (float) -> "created"; {"process":{"pid":"6.00000000000000000000"}} -> term process.pid 0
     * hits it.
     */

    @Test
    void theIndexCheckFollowsElasticsearch() {
        // probe26 finding 7: ES indexes "" in a long/float/double (as no value) and "0.5f", "5d", "0.5D", "0x1p-1" in a
        // float/double; it refuses " 443" and "443 " in a long
        for (String type : new String[]{"long", "float", "double"}) {
            assertThat(NumberTypes.indexable(type, TextNode.valueOf(""))).as(type).isTrue();
        }
        for (String value : new String[]{"0.5f", "5d", "0.5D", "0x1p-1"}) {
            assertThat(NumberTypes.indexable("float", TextNode.valueOf(value))).as(value).isTrue();
            assertThat(NumberTypes.indexable("double", TextNode.valueOf(value))).as(value).isTrue();
            assertThat(NumberTypes.indexable("long", TextNode.valueOf(value))).as(value).isFalse();
        }
        assertThat(NumberTypes.indexable("long", TextNode.valueOf(" 443"))).isFalse();
        assertThat(NumberTypes.indexable("long", TextNode.valueOf("443 "))).isFalse();
        assertThat(NumberTypes.indexable("double", TextNode.valueOf("NaN"))).isFalse();
        assertThat(NumberTypes.indexable("float", TextNode.valueOf("Infinity"))).isFalse();
    }

    @Test
    void anEmptyStringIsNoValueInEveryNumericType() {
        // PUT {"long": ""} etc. -> created, with no doc value; " " is refused (Double.parseDouble(" ") throws)
        for (String type : new String[]{"byte", "short", "integer", "long", "float", "half_float", "double",
                "scaled_float", "unsigned_long"}) {
            assertThat(indexed(type, "")).as(type).isEqualTo("none");
            assertThat(indexed(type, " ")).as(type).isEqualTo("refused");
        }
    }

    @Test
    void aLongStringIsNotTrimmed() {
        // ES: " 443", "443 ", "\t5", "5\n" refused for long; "+443" and "1e2" taken; integer/short/float/double trim them
        assertThat(indexed("long", " 443")).isEqualTo("refused");
        assertThat(indexed("long", "443 ")).isEqualTo("refused");
        assertThat(indexed("long", "\t5")).isEqualTo("refused");
        assertThat(indexed("long", "+443")).isEqualTo("443");
        assertThat(indexed("long", "1e2")).isEqualTo("100");
        assertThat(indexed("long", "-5.9")).isEqualTo("-5");
        assertThat(indexed("integer", " 443")).isEqualTo("443");
        assertThat(indexed("short", "443 ")).isEqualTo("443");
        assertThat(indexed("byte", "\t5")).isEqualTo("5");
        assertThat(indexed("double", " 443")).isEqualTo("443");
        assertThat(indexed("float", "5\n")).isEqualTo("5");
    }

    @Test
    void floatingPointStringsTakeJavasSyntax() {
        // ES: "0.5f", "5d", "0.5D", "5F", "0x1p-1" taken by float, half_float and double as 0.5/5; by integer, short
        // and byte as their truncation (0/5); refused by long. "0x10" and "1_000" refused everywhere.
        for (String type : new String[]{"float", "half_float", "double"}) {
            assertThat(indexed(type, "0.5f")).as(type).isEqualTo("0.5");
            assertThat(indexed(type, "5d")).as(type).isEqualTo("5");
            assertThat(indexed(type, "0.5D")).as(type).isEqualTo("0.5");
            assertThat(indexed(type, "0x1p-1")).as(type).isEqualTo("0.5");
            assertThat(indexed(type, "0x10")).as(type).isEqualTo("refused");
        }
        assertThat(indexed("integer", "5F")).isEqualTo("5");
        assertThat(indexed("byte", "0x1p-1")).isEqualTo("0");
        assertThat(indexed("long", "0.5f")).isEqualTo("refused");
        assertThat(indexed("long", "5d")).isEqualTo("refused");
        assertThat(indexed("long", "0x1p-1")).isEqualTo("refused");
        assertThat(indexed("integer", "1_000")).isEqualTo("refused");
    }

    @Test
    void nonFiniteStringsAreRefusedExceptNaNInTheIntegerTypes() {
        // ES: "Infinity"/"-Infinity" refused by every type; "NaN" refused by long, float, half_float, double, but
        // integer, short and byte index it as 0 (the (int) cast of NaN)
        for (String type : new String[]{"byte", "short", "integer", "long", "float", "half_float", "double"}) {
            assertThat(indexed(type, "Infinity")).as(type).isEqualTo("refused");
            assertThat(indexed(type, "-Infinity")).as(type).isEqualTo("refused");
        }
        assertThat(indexed("long", "NaN")).isEqualTo("refused");
        assertThat(indexed("float", "NaN")).isEqualTo("refused");
        assertThat(indexed("double", "NaN")).isEqualTo("refused");
        assertThat(indexed("integer", "NaN")).isEqualTo("0");
        assertThat(indexed("byte", "NaN")).isEqualTo("0");
        // ES: "3.5e38" refused by float, taken by double; "65520" refused by half_float (rounds to infinity), "65504" taken
        assertThat(indexed("float", "3.5e38")).isEqualTo("refused");
        assertThat(indexed("double", "3.5e38")).isNotEqualTo("refused");
        assertThat(indexed("half_float", "65520")).isEqualTo("refused");
        assertThat(indexed("half_float", "65504")).isEqualTo("65504");
    }

    @Test
    void theWholeNumberTypesCheckTheirRangeAsElasticsearchDoes() {
        // ES: byte "127.9" -> 127, "-128.9" -> -128, "-128.5" -> -128, "128.5" and "-129" refused (the integer, then its
        // range); short "32767.5" and "-32768.5" refused (the double's range); integer "2147483647.4" refused, "32767.9" taken
        assertThat(indexed("byte", "127.9")).isEqualTo("127");
        assertThat(indexed("byte", "-128.9")).isEqualTo("-128");
        assertThat(indexed("byte", "128.5")).isEqualTo("refused");
        assertThat(indexed("byte", "-129")).isEqualTo("refused");
        assertThat(indexed("short", "32767.5")).isEqualTo("refused");
        assertThat(indexed("short", "-32768.5")).isEqualTo("refused");
        assertThat(indexed("short", "128.5")).isEqualTo("128");
        assertThat(indexed("integer", "2147483647.4")).isEqualTo("refused");
        assertThat(indexed("integer", "32767.9")).isEqualTo("32767");
        // long: "9223372036854775807" taken, "9223372036854775808" and "1e19" refused
        assertThat(indexed("long", "9223372036854775807")).isEqualTo("9223372036854775807");
        assertThat(indexed("long", "9223372036854775808")).isEqualTo("refused");
        assertThat(indexed("long", "1e19")).isEqualTo("refused");
    }

    @Test
    void aLongOfMoreThan19FractionDigitsIsZero() {
        // ES: long "6.00000000000000000000", "5.99999999999999999999", "12.00000000000000000001" and even
        // "100000000000000000000000e-20" (scale 20) -> doc value 0, while integer/short/byte read 6, 6, 12 and 1000;
        // "0E+20" (scale -20) is refused by long and 0 in integer. AbstractXContentParser.toLong: "large scale -> very
        // small number" gives 0 for a scale above 19, "long can have a maximum of 19 digits" refuses one below -19.
        assertThat(indexed("long", "6.00000000000000000000")).isEqualTo("0");
        assertThat(indexed("long", "5.99999999999999999999")).isEqualTo("0");
        assertThat(indexed("long", "12.00000000000000000001")).isEqualTo("0");
        assertThat(indexed("long", "100000000000000000000000e-20")).isEqualTo("0");
        assertThat(indexed("long", "6.0000000000000000000")).isEqualTo("6"); // 19 fraction digits
        assertThat(indexed("long", "0E+20")).isEqualTo("refused");
        assertThat(indexed("integer", "6.00000000000000000000")).isEqualTo("6");
        assertThat(indexed("short", "100000000000000000000000e-20")).isEqualTo("1000");
        assertThat(indexed("integer", "0E+20")).isEqualTo("0");
        // a JSON number is read by the JSON parser, not this path: 6.00000000000000000000 is 6
        assertThat(indexed("long", DoubleNode.valueOf(6.0))).isEqualTo("6");
    }

    @Test
    void anUnsignedLongMustBeWhole() {
        // not in the probe's distribution (no unsigned_long module): UnsignedLongFieldMapper.parseUnsignedLong reads a
        // string with Long.parseUnsignedLong, else new BigDecimal(...).toBigIntegerExact() ("has a decimal part"), in
        // 0..2^64-1, and refuses a JSON number with a fraction
        assertThat(indexed("unsigned_long", "18446744073709551615")).isEqualTo("18446744073709551615");
        assertThat(indexed("unsigned_long", "18446744073709551616")).isEqualTo("refused");
        assertThat(indexed("unsigned_long", "5.0")).isEqualTo("5");
        assertThat(indexed("unsigned_long", "1e2")).isEqualTo("100");
        assertThat(indexed("unsigned_long", "5.5")).isEqualTo("refused");
        assertThat(indexed("unsigned_long", " 5")).isEqualTo("refused");
        assertThat(indexed("unsigned_long", "-1")).isEqualTo("refused");
        assertThat(indexed("unsigned_long", "1e999999999")).isEqualTo("refused");
        assertThat(indexed("unsigned_long", DoubleNode.valueOf(5.5))).isEqualTo("refused");
        assertThat(indexed("unsigned_long", DoubleNode.valueOf(5.0))).isEqualTo("5");
    }
}
