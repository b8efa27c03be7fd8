package io.ruleforge.backtest;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** backtest.md: one row per rule with what an alert is, a lower bound marked, the sparkline over the range's buckets. */
class BacktestMarkdownTest {

    @Test
    void rowsShowCountsTheirKindAndASparklineOverEveryBucketOfTheRange() {
        List<String> days = List.of("2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04");
        BacktestResult result = new BacktestResult("Elasticsearch 8.19.21 at https://es.example.com:9243", "2024-05-01T00:00:00Z",
                "2024-05-04T12:00:00Z", "day", days, 1.2,
                List.of(new BacktestResult.RuleBacktest("rules/a.toml", "id-a", "Noisy | rule", "query", List.of("logs-*"), "events",
                                80, 80, false, Map.of("2024-05-01", 80L), 0, 12, 1, "alerts: the events"),
                        new BacktestResult.RuleBacktest("rules/b.toml", "id-b", "Sequence", "eql", List.of("logs-*"), "sequences",
                                10_000, 10_000, true, Map.of("2024-05-03", 10_000L), 0, 40, 1, "alerts: the sequences")),
                Map.of("rules/ml.toml", "machine learning rules are not backtested"),
                Map.of("rules/bad.toml", "Elasticsearch rejected the search (_search): parse_exception: nope"));
        String md = BacktestMarkdown.render(result);
        assertThat(md).contains("Elasticsearch 8.19.21 at https://es.example.com:9243, 2024-05-01T00:00:00Z … 2024-05-04T12:00:00Z");
        // the pipe in a name would end the cell; a day with all the alerts is a full bar, a day without a space
        assertThat(md).contains("| Noisy \\| rule (`rules/a.toml`) | query | 80 events | 80 | `█   ` | 12 ms |");
        assertThat(md).contains("| Sequence (`rules/b.toml`) | eql | ≥ 10,000 sequences | ≥ 10,000 | `  █ ` | 40 ms |");
        assertThat(md).contains("## Rejected by the cluster\n\n- `rules/bad.toml`: Elasticsearch rejected the search (_search): parse_exception: nope");
        assertThat(md).contains("## Not backtested\n\n- `rules/ml.toml`: machine learning rules are not backtested");
    }

    @Test
    void thresholdAndNewTermsRowsSayInTheRowAndBelowTheTableWhatTheirNumbersCount() {
        List<String> days = List.of("2024-05-01", "2024-05-02");
        BacktestResult result = new BacktestResult("Elasticsearch 8.19.21 at http://127.0.0.1:9200", "2024-05-01T00:00:00Z",
                "2024-05-02T12:00:00Z", "day", days, 1.0,
                List.of(new BacktestResult.RuleBacktest("rules/t.toml", "id-t", "Failures", "threshold", List.of("logs-*"), "groups",
                                1, 1_047, false, Map.of("2024-05-02", 1L), 0, 9, 3, "alerts: groups reaching the threshold in each 5m window"),
                        new BacktestResult.RuleBacktest("rules/n.toml", "id-n", "New process", "new_terms", List.of("logs-*"), "terms",
                                2, 310, false, Map.of("2024-05-01", 2L), 0, 9, 2, "alerts: the new terms the rule's runs every 5m would write")),
                Map.of(), Map.of());
        String md = BacktestMarkdown.render(result);
        assertThat(md).contains("| Failures (`rules/t.toml`) | threshold | 1 groups (per run, see below) | 1,047 |");
        assertThat(md).contains("| New process (`rules/n.toml`) | new_terms | 2 terms (per run, see below) | 310 |");
        assertThat(md).contains("## What the threshold and new_terms rows count\n\n"
                + "- Failures (`rules/t.toml`): alerts: groups reaching the threshold in each 5m window\n"
                + "- New process (`rules/n.toml`): alerts: the new terms the rule's runs every 5m would write\n");
    }

    /** Rules not backtested and rejected are listed by file, the same on every run whatever order they were met in. */
    @Test
    void rulesNotBacktestedAndRejectedAreListedByFile() {
        Map<String, String> notBacktested = new java.util.HashMap<>();
        Map<String, String> rejected = new java.util.HashMap<>();
        for (int i = 30; i > 0; i--) {
            notBacktested.put(String.format("rules/ml/rule_%02d.toml", i), "machine learning rules are not backtested");
            rejected.put(String.format("rules/bad/rule_%02d.toml", i), "Elasticsearch rejected the search");
        }
        BacktestResult result = new BacktestResult("Elasticsearch", "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", "day",
                List.of("2024-05-01"), 1.0, List.of(), notBacktested, rejected);
        assertThat(List.copyOf(result.notBacktested().keySet())).isSorted();
        assertThat(List.copyOf(result.rejected().keySet())).isSorted();
    }
}
