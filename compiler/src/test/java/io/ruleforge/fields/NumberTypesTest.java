package io.ruleforge.fields;

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
}
