package io.ruleforge.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.rule.Rule;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundle carries an EQL rule's alert_suppression in the shape Kibana's import API reads (snake_case, as written). */
class EqlSuppressionBundleTest {

    @Test
    void theProjectsSuppressedEqlSequenceRuleKeepsItsSuppression() throws Exception {
        Path rules = Path.of("../rules").toAbsolutePath().normalize();
        Rule rule = Rule.of(new RuleLoader(rules).load(rules.resolve("whoami_then_net_discovery_suppressed.toml")));
        ObjectNode kibana = KibanaRuleObject.of(rule);
        assertThat(kibana.path("type").asText()).isEqualTo("eql");
        assertThat(kibana.path("query").asText()).startsWith("sequence by host.id with maxspan=2m");
        assertThat(kibana.at("/alert_suppression/group_by").toString()).isEqualTo("[\"host.name\",\"user.name\"]");
        assertThat(kibana.at("/alert_suppression/missing_fields_strategy").asText()).isEqualTo("suppress");
        assertThat(kibana.at("/alert_suppression/duration").toString()).isEqualTo("{\"unit\":\"h\",\"value\":1}");
    }
}
