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
        // an exclusion counts only after a wildcard entry (GET winlogbeat-8.15.0,-winlogbeat-8*/_search finds the index)
        assertThat(new IndexScope(List.of("winlogbeat-8.15.0", "-winlogbeat-8*")).searches("winlogbeat-8.15.0")).isTrue();
        assertThat(new IndexScope(List.of("winlogbeat-*", "-winlogbeat-8*")).searches("winlogbeat-8.15.0")).isFalse();
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
        // a cross-cluster search's hit, and a backing index of 7.9-7.10 (no date)
        assertThat(RecordedIndex.ofHit(JSON.readTree("{\"_index\":\"remote1:.ds-logs-x-default-2024.05.01-000001\"}")))
                .contains("logs-x-default");
        assertThat(RecordedIndex.ofHit(JSON.readTree("{\"_index\":\"remote1:winlogbeat-8.15.0\"}"))).contains("winlogbeat-8.15.0");
        assertThat(RecordedIndex.ofHit(JSON.readTree("{\"_index\":\".ds-logs-x-default-000002\"}"))).contains("logs-x-default");
        assertThat(RecordedIndex.ofDataStream(JSON.readTree(
                "{\"data_stream\":{\"type\":\"logs\",\"dataset\":\"endpoint.events.process\"},\"data_stream.namespace\":\"default\"}")))
                .contains("logs-endpoint.events.process-default");
        assertThat(RecordedIndex.ofDataStream(JSON.readTree("{\"data_stream\":{\"type\":\"logs\",\"dataset\":\"x\"}}"))).isEmpty();
    }
}
