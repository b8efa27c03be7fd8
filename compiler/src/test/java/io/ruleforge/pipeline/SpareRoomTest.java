package io.ruleforge.pipeline;

import io.ruleforge.load.RuleLoader;
import io.ruleforge.rule.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The room a run spares for the documents of checked rules (the bundle stage's, so it need not read them twice). */
class SpareRoomTest {

    @TempDir
    Path dir;

    private Rule rule(String name, int padding) throws Exception {
        String text = "[metadata]\nmaturity = \"production\"\n\n[rule]\nname = \"" + name + "\"\n# " + "x".repeat(padding) + "\n";
        return Rule.of(new RuleLoader(dir).load(Files.writeString(dir.resolve(name + ".toml"), text)));
    }

    private static long cost(Rule rule) {
        return RuleChecks.SpareRoom.cost(rule);
    }

    @Test
    void keepsEachDocumentThatStillFitsAndReleasesTheOthers() throws Exception {
        Rule small = rule("small", 10);
        Rule large = rule("large", 5_000);
        Rule smallAfter = rule("after", 10);
        RuleChecks.SpareRoom room = new RuleChecks.SpareRoom(cost(small) + cost(smallAfter));

        assertThat(room.keep(small)).isSameAs(small);
        Rule released = room.keep(large);
        assertThat(released.document().isAttached()).isFalse();
        assertThat(released.ruleId()).isEqualTo(large.ruleId());
        // what the large one did not take is still there for a later one that fits
        assertThat(room.keep(smallAfter)).isSameAs(smallAfter);
    }

    @Test
    void aDocumentThatFillsTheRoomExactlyIsKeptAndNothingAfterIt() throws Exception {
        Rule a = rule("a", 100);
        Rule b = rule("b", 0);
        RuleChecks.SpareRoom room = new RuleChecks.SpareRoom(cost(a));

        assertThat(room.keep(a)).isSameAs(a);
        assertThat(room.keep(b).document().isAttached()).isFalse();
    }

    @Test
    void aHeapNoLargerThanWhatARunNeedsSparesNothingAndALargeOneNoMoreThan64Megabytes() throws Exception {
        long mb = 1 << 20;
        assertThat(RuleChecks.SpareRoom.roomOf(64 * mb)).isZero();
        assertThat(RuleChecks.SpareRoom.roomOf(96 * mb)).isZero();
        assertThat(RuleChecks.SpareRoom.roomOf(128 * mb)).isEqualTo(16 * mb);
        assertThat(RuleChecks.SpareRoom.roomOf(224 * mb)).isEqualTo(64 * mb);
        assertThat(RuleChecks.SpareRoom.roomOf(8192 * mb)).isEqualTo(64 * mb);
        assertThat(new RuleChecks.SpareRoom(0).keep(rule("a", 0)).document().isAttached()).isFalse();
    }

    @Test
    void aDocumentCostsMoreForItsValuesThanForItsText() throws Exception {
        // the same length of text, as one comment or as 400 values of an array: the values make the tree
        Rule comment = rule("comment", 2_400);
        String tags = "tags = [" + "\"t\", ".repeat(399) + "\"t\"]";
        Path file = Files.writeString(dir.resolve("tags.toml"), "[metadata]\nmaturity = \"production\"\n\n[rule]\nname = \"tags\"\n"
                + tags + "\n# " + "x".repeat(Math.max(0, 2_400 - tags.length())) + "\n");
        Rule array = Rule.of(new RuleLoader(dir).load(file));

        assertThat(array.document().textLength()).isBetween(comment.document().textLength() - 2, comment.document().textLength() + 2);
        assertThat(cost(array)).isGreaterThan(cost(comment) * 5);
    }
}
