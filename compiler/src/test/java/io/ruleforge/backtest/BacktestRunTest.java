package io.ruleforge.backtest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BacktestRunTest {

    @Test
    void aListOfRuleFilesInAStoppedRunShowsTwentyNamesThenCountsTheRest() {
        assertThat(BacktestRun.named(List.of("a.toml", "b.toml"))).isEqualTo("(2): a.toml, b.toml");
        List<String> many = IntStream.range(0, 23).mapToObj(i -> "r" + i + ".toml").toList();
        assertThat(BacktestRun.named(many)).startsWith("(23): r0.toml, r1.toml").contains("r19.toml")
                .doesNotContain("r20.toml").endsWith(" and 3 more");
    }
}
