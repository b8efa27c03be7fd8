package io.ruleforge.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.evaluate.engine.ClusterSearch;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineConnection;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.testing.LocalElasticsearch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A suppressed new_terms rule backtested on an index whose time field is a {@code date_nanos}: each new term's first
 * event, counted at its millisecond ({@code .123} of an event at {@code .123456789}), is found again within that
 * millisecond — an {@code lte .123} bound left it out, and the rule failed as if the event had been deleted.
 */
class BacktestDateNanosIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void firstEventsOnADateNanosTimeFieldAreFoundWithinTheirMillisecond() {
        try (LocalElasticsearch node = LocalElasticsearch.start()) {
            EngineClient client = new EngineClient(EngineConnection.anonymous(node.url()));
            ObjectNode mapping = JSON.createObjectNode();
            ObjectNode properties = mapping.putObject("mappings").putObject("properties");
            properties.putObject("@timestamp").put("type", "date_nanos");
            properties.putObject("event").putObject("properties").putObject("category").put("type", "keyword");
            properties.putObject("host").putObject("properties").putObject("name").put("type", "keyword");
            properties.putObject("user").putObject("properties").putObject("name").put("type", "keyword");
            assertThat(client.put("/nanos-backtest", mapping).ok()).isTrue();
            Instant from = Instant.parse("2024-05-01T10:00:07.123Z");
            String[][] events = {{"1", "a", "u1"}, {"2", "b", "u2"}, {"3", "a", "u3"}};
            for (String[] e : events) {
                ObjectNode doc = JSON.createObjectNode();
                // a minute and .456789 ms into the range: the millisecond .123 + minutes, with nanoseconds beyond it
                doc.put("@timestamp", from.plus(Duration.ofMinutes(Long.parseLong(e[0]))).plusNanos(456_789).toString());
                doc.putObject("event").put("category", "process");
                doc.putObject("host").put("name", e[1]);
                doc.putObject("user").put("name", e[2]);
                assertThat(client.post("/nanos-backtest/_doc?refresh=true", doc).ok()).isTrue();
            }
            AlertRuleSpec spec = new AlertRuleSpec("new_terms", "now-6m", "now", 100, Optional.empty(),
                    Optional.of(new AlertRuleSpec.NewTerms(List.of("user.name"), "now-1h")),
                    Optional.of(new AlertRuleSpec.Suppression(List.of("host.name"), Optional.empty(), true)))
                    .keyedBy(EcsSchemas.defaultSchema());
            Instant to = from.plus(Duration.ofHours(1));
            RuleSchedule schedule = RuleSchedule.of(Duration.ofMinutes(5), spec, from.toEpochMilli());
            int runs = (int) schedule.runsUntil(to.toEpochMilli());
            ClusterSearch.NewTermsCounts counts = new ClusterSearch(client).newTerms(List.of("nanos-backtest"),
                    JSON.createObjectNode().set("term", JSON.createObjectNode().put("event.category", "process")), spec, schedule,
                    runs, new ClusterSearch.TimeRange(from, to, ClusterSearch.Interval.HOUR));
            // u1 and u3 on a are one alert, u2 on b another, each at its first event's millisecond
            assertThat(counts.at()).containsExactly(from.plus(Duration.ofMinutes(1)), from.plus(Duration.ofMinutes(2)));
            assertThat(counts.suppressed()).isEqualTo(1);
        }
    }
}
