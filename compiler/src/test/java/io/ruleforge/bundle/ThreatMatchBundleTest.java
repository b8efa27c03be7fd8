package io.ruleforge.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.rule.Rule;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundle carries an indicator match rule's threat_* fields in the shape Kibana's import API reads. */
class ThreatMatchBundleTest {

    @Test
    void theProjectsIndicatorMatchRuleKeepsEveryThreatField() throws Exception {
        Path rules = Path.of("../rules").toAbsolutePath().normalize();
        Rule rule = Rule.of(new RuleLoader(rules).load(rules.resolve("destination_ip_in_indicator_feed.toml")));
        ObjectNode kibana = KibanaRuleObject.of(rule);
        assertThat(kibana.path("type").asText()).isEqualTo("threat_match");
        assertThat(kibana.path("threat_index")).hasSize(1);
        assertThat(kibana.path("threat_index").path(0).asText()).isEqualTo("logs-ti_*");
        assertThat(kibana.path("threat_query").asText()).contains("threat.indicator.type:\"ipv4-addr\"");
        assertThat(kibana.path("threat_language").asText()).isEqualTo("kuery");
        assertThat(kibana.path("threat_indicator_path").asText()).isEqualTo("threat.indicator");
        JsonNode entry = kibana.at("/threat_mapping/0/entries/0");
        assertThat(entry.path("field").asText()).isEqualTo("destination.ip");
        assertThat(entry.path("type").asText()).isEqualTo("mapping");
        assertThat(entry.path("value").asText()).isEqualTo("threat.indicator.ip");
    }
}
