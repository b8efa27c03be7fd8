package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Conditional specs as Elasticsearch's {@code Queries.calculateMinShouldMatch} reads them: pairs in the order
 * written, the first whose bound is at or above the clause count ending the walk; spaces around {@code <} allowed.
 * Each expected figure is worked out by hand from that method.
 */
class MinimumShouldMatchTest {

    private static int resolve(String spec, int clauses) {
        return MinimumShouldMatch.resolve(TextNode.valueOf(spec), clauses);
    }

    @Test
    void conditionalPairsAreWalkedInTheOrderWritten() {
        // 5 <= 9: the walk ends at once with all 5
        assertThat(resolve("9<-3 2<-25%", 5)).isEqualTo(5);
        // 5 > 2: 5 + (int) -1.25 = 4; then 5 <= 9 ends the walk
        assertThat(resolve("2<-25% 9<-3", 5)).isEqualTo(4);
        // 10 > 2: 8; 10 > 9: 10 - 3 = 7
        assertThat(resolve("2<-25% 9<-3", 10)).isEqualTo(7);
    }

    @Test
    void spacesAroundTheLessThanSignAreAllowed() {
        assertThat(resolve("3 < 90%", 5)).isEqualTo(4);
        assertThat(resolve("3<90%", 3)).isEqualTo(3);
    }

    @Test
    void aPairWithoutItsSpecIsRefused() {
        assertThatThrownBy(() -> resolve("3<", 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MinimumShouldMatch.resolve(JsonNodeFactory.instance.booleanNode(true), 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
