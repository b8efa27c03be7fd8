package io.ruleforge.diff;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertChangesMarkdownTest {

    @Test
    void aRuleReplayCannotDecideIsSaidSoNotShownAsNoChange() {
        Map<String, AlertChanges.RuleAlerts> alerts = new LinkedHashMap<>();
        alerts.put("rules/a.toml", new AlertChanges.RuleAlerts("rules/a.toml", "changed", 3, 5, 2, 0,
                List.of("events.ndjson:7"), List.of(), List.of(), List.of(), ""));
        alerts.put("rules/t.toml", new AlertChanges.RuleAlerts("rules/t.toml", "changed", 0, 0, 0, 0,
                List.of(), List.of(), List.of(), List.of(), "threshold rules are not replayed yet (only query and eql rules are)"));

        String md = AlertChanges.markdown(alerts);

        assertThat(md).contains("| `rules/a.toml` | changed | 3 | 5 | +2 | −0 |")
                .contains("| `rules/t.toml` | changed | not replayed: threshold rules are not replayed yet (only query and eql rules are) | | | |")
                .doesNotContain("| `rules/t.toml` | 0 | 0 |");
    }
}
