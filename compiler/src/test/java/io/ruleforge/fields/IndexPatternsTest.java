package io.ruleforge.fields;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IndexPatternsTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
            "winlogbeat-*, winlogbeat-*, true",
            "winlogbeat-*, winlogbeat-8.17.0-2026.01.01, true",
            "winlogbeat-*, logs-*, false",
            "logs-endpoint.events.*, logs-endpoint.events.process-*, true",
            "logs-endpoint.events.process-*, logs-endpoint.events.network-*, false",
            "*, anything, true",
            "*-windows-*, logs-*, true",
            "a*b, *c, false",
            "a*b, a*, true",
            "logs-*-default, *-windows.*, true",
            "abc, abd, false",
            "abc, abc, true",
            "ab*, a, false",
            "**, x, true",
            "logs-*, logs-, true",
            "logs-*, log, false",
            "logs-aws.cloudtrail-*, logs-aws*, true",
            "logs-aws.cloudtrail-*, logs-aws.s3*, false",
            "*, *, true",
            "logs-*, *-x, true",
    })
    void twoPatternsOverlapWhenSomeIndexNameMatchesBoth(String a, String b, boolean overlap) {
        assertThat(IndexPatterns.overlap(a, b)).isEqualTo(overlap);
        assertThat(IndexPatterns.overlap(b, a)).isEqualTo(overlap);
    }

    @Test
    void exclusionsSelectNothingAndRemoteClustersSearchTheirLocalPattern() {
        assertThat(IndexPatterns.searched("-winlogbeat-old*")).isEmpty();
        assertThat(IndexPatterns.searched("remote:winlogbeat-*")).hasValue("winlogbeat-*");
        assertThat(IndexPatterns.searched("*:logs-*")).hasValue("logs-*");
        assertThat(IndexPatterns.anyOverlap(List.of("winlogbeat-*"), List.of("-winlogbeat-*", "logs-*"))).isFalse();
        assertThat(IndexPatterns.anyOverlap(List.of("winlogbeat-*"), List.of("logs-*", "cluster:winlogbeat-*"))).isTrue();
    }
}
