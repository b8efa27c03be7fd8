package io.ruleforge.replay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Leaf paths numbered once for every rule, up to a limit past which input with ever new keys gets no number. */
class LeafPathsTest {

    @Test
    void aPathKeepsItsNumberAndPathsPastTheLimitGetNone() {
        LeafPaths numbering = new LeafPaths();
        int host = numbering.id("host.name");
        assertThat(numbering.id(new String("host.name"))).isEqualTo(host); // equal text, another string
        assertThat(numbering.id("process.name")).isNotEqualTo(host);
        for (int i = 0; numbering.id("k" + i) != LeafPaths.NONE; i++) {
            assertThat(i).isLessThan(LeafPaths.LIMIT);
        }
        assertThat(numbering.id("one.more")).isEqualTo(LeafPaths.NONE);
        assertThat(numbering.id("host.name")).as("numbered before the limit").isEqualTo(host);
        assertThat(numbering.id("k" + (LeafPaths.LIMIT - 3))).isEqualTo(LeafPaths.LIMIT - 1);
    }
}
