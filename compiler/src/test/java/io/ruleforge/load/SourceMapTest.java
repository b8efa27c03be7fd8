package io.ruleforge.load;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SourceMapTest {

    @Test
    void aStringsCharacterOffsetsKeptAsRunsGiveBackEveryOffset() {
        // escapes map several file characters to one decoded character, line continuations skip file characters,
        // and an escape decoding to two chars (a surrogate pair) repeats an offset: every shape of gap and repeat
        Random random = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            int[] offsets = new int[1 + random.nextInt(40)];
            int offset = random.nextInt(100);
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = offset;
                int step = random.nextInt(4);
                offset += step == 0 ? 0 : step == 1 ? 1 + random.nextInt(6) : 1;
            }
            SourceMap.CharOffsets runs = SourceMap.CharOffsets.of(offsets);
            assertThat(runs.length()).isEqualTo(offsets.length);
            for (int i = 0; i < offsets.length; i++) {
                assertThat(runs.at(i)).as("char %d of %s", i, java.util.Arrays.toString(offsets)).isEqualTo(offsets[i]);
            }
        }
    }

    @Test
    void aStringWithoutEscapesIsOneRun() {
        assertThat(SourceMap.CharOffsets.of(new int[] {10, 11, 12, 13}).runStarts()).containsExactly(0);
    }
}
