package io.ruleforge.backtest;

import io.ruleforge.replay.Sparkline;

import java.util.List;

/**
 * {@code backtest.md}: the range and the cluster, then the noisiest rules first, one row each with the alerts, the
 * query's hits, a sparkline over the range's buckets (the same for every rule, so rows compare; replay's
 * {@link Sparkline}) and the cluster's {@code took}; then the rules not backtested and those the cluster rejected.
 */
final class BacktestMarkdown {

    private BacktestMarkdown() {
    }

    static String render(BacktestResult result) {
        StringBuilder md = new StringBuilder("# Backtest\n\n");
        long alerting = result.rules().stream().filter(r -> r.alerts() > 0).count();
        md.append(String.format("%s, %s … %s (one character per %s, UTC): %d rule%s searched in %.1f s, %d would alert. "
                        + "Read-only: only searches were sent.%n%n", result.engine(), result.from(), result.to(), result.interval(),
                result.rules().size(), result.rules().size() == 1 ? "" : "s", result.seconds(), alerting));
        List<String> slots = result.slots().size() > Backtester.MAX_SLOTS
                ? result.slots().subList(result.slots().size() - Backtester.MAX_SLOTS, result.slots().size()) : result.slots();
        if (result.slots().size() > slots.size()) {
            md.append("The sparklines show the last ").append(slots.size()).append(' ').append(result.interval()).append("s.\n\n");
        }
        md.append("| Rule | Type | Alerts | Hits | Per ").append(result.interval()).append(" | Took |\n")
                .append("| --- | --- | ---: | ---: | --- | ---: |\n");
        for (BacktestResult.RuleBacktest r : result.rules()) {
            String atLeast = r.atLeast() ? "≥ " : "";
            md.append("| ").append(cell(r.name())).append(" (`").append(r.file()).append("`) | ").append(r.type())
                    .append(" | ").append(atLeast).append(String.format("%,d", r.alerts())).append(' ').append(r.counted())
                    .append(switch (r.type()) {
                        // these rows' numbers are the rule's runs', not one search's: said in the row, explained below it
                        case "threshold", "new_terms" -> " (per run, see below)";
                        default -> "";
                    })
                    .append(" | ").append(atLeast).append(String.format("%,d", r.hits()))
                    .append(" | `").append(Sparkline.of(r.histogram(), slots)).append("` | ")
                    .append(String.format("%,d ms", r.tookMillis())).append(" |\n");
        }
        if (result.rules().stream().anyMatch(BacktestResult.RuleBacktest::atLeast)) {
            md.append("\n≥: the cluster returned a full page (EQL: 10,000 events per bucket or sequences; ES|QL: its row limit), "
                    + "so the count is a lower bound.\n");
        }
        List<BacktestResult.RuleBacktest> countedOtherwise = result.rules().stream()
                .filter(r -> r.type().equals("threshold") || r.type().equals("new_terms")).toList();
        if (!countedOtherwise.isEmpty()) {
            md.append("\n## What the threshold and new_terms rows count\n\n");
            countedOtherwise.forEach(r -> md.append("- ").append(cell(r.name())).append(" (`").append(r.file()).append("`): ")
                    .append(r.counting()).append('\n'));
        }
        if (!result.rejected().isEmpty()) {
            md.append("\n## Rejected by the cluster\n\n");
            result.rejected().forEach((file, why) -> md.append("- `").append(file).append("`: ").append(why).append('\n'));
        }
        if (!result.notBacktested().isEmpty()) {
            md.append("\n## Not backtested\n\n");
            result.notBacktested().forEach((file, why) -> md.append("- `").append(file).append("`: ").append(why).append('\n'));
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
