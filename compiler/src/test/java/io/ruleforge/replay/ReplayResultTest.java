package io.ruleforge.replay;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** replay.md and replay.json list what they hold in the result's order: the same on every run. */
class ReplayResultTest {

    @Test
    void rulesNotReplayedAreListedByFileWhateverOrderTheyWereFoundIn() {
        Map<String, String> notReplayed = new HashMap<>();
        for (int i = 40; i > 0; i--) {
            notReplayed.put(String.format("rules/ml/rule_%02d.toml", i), "machine_learning rules are not replayed");
        }
        ReplayResult result = new ReplayResult(0, List.of(), 0, 1, new ReplayResult.Timeline(null, null, 0, 0, null, null),
                new ReplayResult.Indices(0, 0, 0, Map.of()), List.of(), notReplayed);
        assertThat(List.copyOf(result.notReplayed().keySet())).isSorted().hasSize(40);
    }
}
