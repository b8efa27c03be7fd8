package io.ruleforge.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IndexScopeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Elasticsearch's index expressions: wildcards, an exclusion takes out what the entries before it matched. */
    @Test
    void aRuleSearchesTheIndicesItsPatternsMatch() {
        IndexScope scope = new IndexScope(List.of("winlogbeat-*", "logs-endpoint.events.*", "-logs-endpoint.events.network-*"));
        assertThat(scope.searches("winlogbeat-8.15.0")).isTrue();
        assertThat(scope.searches("logs-endpoint.events.process-default")).isTrue();
        assertThat(scope.searches("logs-endpoint.events.network-default")).isFalse();
        assertThat(scope.searches("logs-system.security-default")).isFalse();
        assertThat(scope.searches("packetbeat-8.15.0")).isFalse();
        // an exclusion before the entry that matches does not take it out
        assertThat(new IndexScope(List.of("-logs-x-*", "logs-*")).searches("logs-x-default")).isTrue();
        // a cross-cluster entry is matched by its pattern
        assertThat(new IndexScope(List.of("remote:logs-*", "*:winlogbeat-*")).searches("winlogbeat-1")).isTrue();
        // no patterns (a data view's rule) and no known index: searched
        assertThat(new IndexScope(List.of()).searches("anything")).isTrue();
        assertThat(scope.searches(null)).isTrue();
    }

    @Test
    void anEventsIndexIsItsHitsIndexOrItsDataStream() throws Exception {
        assertThat(RecordedIndex.ofHit(JSON.readTree("{\"_index\":\".ds-logs-system.security-default-2024.05.01-000003\"}")))
                .contains("logs-system.security-default");
        assertThat(RecordedIndex.ofHit(JSON.readTree("{\"_index\":\"winlogbeat-8.15.0-2024.05.01\"}"))).contains("winlogbeat-8.15.0-2024.05.01");
        assertThat(RecordedIndex.ofHit(JSON.readTree("{\"_id\":\"1\"}"))).isEmpty();
        assertThat(RecordedIndex.ofDataStream(JSON.readTree(
                "{\"data_stream\":{\"type\":\"logs\",\"dataset\":\"endpoint.events.process\"},\"data_stream.namespace\":\"default\"}")))
                .contains("logs-endpoint.events.process-default");
        assertThat(RecordedIndex.ofDataStream(JSON.readTree("{\"data_stream\":{\"type\":\"logs\",\"dataset\":\"x\"}}"))).isEmpty();
    }
}
