package io.ruleforge.diag;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Code point to char offsets, which every front end's spans go through. */
class QueryTextTest {

    @Test
    void withoutSurrogatesACodePointIndexIsACharOffset() {
        QueryText text = new QueryText("any where é == 1");
        assertThat(text.charOffset(0)).isZero();
        assertThat(text.charOffset(10)).isEqualTo(10);
        assertThat(text.charOffset(99)).isEqualTo(16); // clamped to the length
        assertThat(text.charOffset(-1)).isZero();
    }

    @Test
    void surrogatePairsShiftTheCharOffsetsAfterThem() {
        // code points: a ␣ 😀 ␣ b 😀 c  -> chars: a ␣ [2] ␣ b [2] c
        QueryText text = new QueryText("a 😀 b😀c");
        assertThat(text.charOffset(2)).isEqualTo(2);  // the first emoji
        assertThat(text.charOffset(3)).isEqualTo(4);  // the space after it
        assertThat(text.charOffset(5)).isEqualTo(6);  // the second emoji
        assertThat(text.charOffset(6)).isEqualTo(8);  // c
        assertThat(text.charOffset(7)).isEqualTo(9);  // end of text
        assertThat(text.charOffset(50)).isEqualTo(9);
        assertThat(text.column(8)).isEqualTo(7);      // columns count the emoji once
    }

    @Test
    void aLoneSurrogateCountsAsOneCodePoint() {
        QueryText text = new QueryText("x\uD800y");
        assertThat(text.charOffset(1)).isEqualTo(1);
        assertThat(text.charOffset(2)).isEqualTo(2);
        assertThat(text.charOffset(3)).isEqualTo(3);
    }
}
