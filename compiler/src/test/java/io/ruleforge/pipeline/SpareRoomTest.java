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
        return (long) rule.document().textLength() * RuleChecks.SpareRoom.BYTES_PER_CHAR;
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
    void aHeapNoLargerThanWhatARunNeedsSparesNothing() throws Exception {
        Rule a = rule("a", 0);

        assertThat(new RuleChecks.SpareRoom(0).keep(a).document().isAttached()).isFalse();
        // the JVM running this test: its room is half the heap beyond what a run needs, never negative
        long expected = Math.max(0, Runtime.getRuntime().maxMemory() - RuleChecks.SpareRoom.RUN_NEEDS) / 2;
        Rule kept = RuleChecks.SpareRoom.ofHeap().keep(a);
        assertThat(kept.document().isAttached()).isEqualTo(cost(a) <= expected);
    }
}
