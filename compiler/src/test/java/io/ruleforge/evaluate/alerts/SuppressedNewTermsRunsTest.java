package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bounds of a suppressed new_terms rule's runs decided from findings (its decisions themselves are checked
 * against each run decided on the events in {@code ClusterSearchNewTermsTest}): at most so many findings are held,
 * and no run is decided with a first event whose group is not known.
 */
class SuppressedNewTermsRunsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every 5 minutes over the last 6, from 0. */
    private static final RuleSchedule SCHEDULE = new RuleSchedule(0, Duration.ofMinutes(5).toMillis(),
            -Duration.ofMinutes(6).toMillis(), 0);
    private static final AlertRuleSpec RULE = new AlertRuleSpec("new_terms", "now-6m", "now", 100, Optional.empty(),
            Optional.of(new AlertRuleSpec.NewTerms(List.of("user.name"), "now-1h")),
            Optional.of(new AlertRuleSpec.Suppression(List.of("host.name"), Optional.empty(), true)));

    /** A term seen once, a minute after the origin: new in the first run only. */
    private static List<NewTermsRuns.Seen> onceAtOneMinute() {
        return List.of(new NewTermsRuns.Seen(60_000, 60_000));
    }

    private static ObjectNode onHost(String host) {
        ObjectNode event = JSON.createObjectNode();
        event.putObject("host").put("name", host);
        return event;
    }

    @Test
    void moreFindingsThanItHoldsAreRefusedNotCountedShort() {
        SuppressedNewTermsRuns runs = new SuppressedNewTermsRuns(RULE, SCHEDULE, 10, 2, 10);
        runs.term(onceAtOneMinute());
        runs.term(onceAtOneMinute());

        assertThatThrownBy(() -> runs.term(onceAtOneMinute()))
                .isInstanceOf(SuppressedNewTermsRuns.TooManyException.class)
                .hasMessageContaining("more than 2 new terms").hasMessageContaining("shorten the range");
    }

    /** A group per finding (a high-cardinality group_by) holds an event each: their number is bounded too. */
    @Test
    void moreGroupsThanItHoldsAreRefusedNotCountedShort() {
        SuppressedNewTermsRuns runs = new SuppressedNewTermsRuns(RULE, SCHEDULE, 10, 100, 2);
        runs.firstEvent(runs.term(onceAtOneMinute()).get(0).finding(), onHost("a"));
        runs.firstEvent(runs.term(onceAtOneMinute()).get(0).finding(), onHost("b"));
        // a known group adds none
        runs.firstEvent(runs.term(onceAtOneMinute()).get(0).finding(), onHost("a"));
        int third = runs.term(onceAtOneMinute()).get(0).finding();

        assertThatThrownBy(() -> runs.firstEvent(third, onHost("c")))
                .isInstanceOf(SuppressedNewTermsRuns.TooManyException.class)
                .hasMessageContaining("more than 2 groups of host.name").hasMessageContaining("shorten the range");
    }

    @Test
    void aRunIsNotDecidedWithAFirstEventWhoseGroupIsUnknown() {
        SuppressedNewTermsRuns runs = new SuppressedNewTermsRuns(RULE, SCHEDULE, 10);
        List<SuppressedNewTermsRuns.Lookup> first = runs.term(onceAtOneMinute());
        runs.term(onceAtOneMinute());
        runs.firstEvent(first.get(0).finding(), onHost("a"));

        assertThatThrownBy(runs::decide).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoNewTermsOfOneHostInARunAreOneAlertOnceTheirGroupsAreKnown() {
        SuppressedNewTermsRuns runs = new SuppressedNewTermsRuns(RULE, SCHEDULE, 10);
        for (List<SuppressedNewTermsRuns.Lookup> lookups : List.of(runs.term(onceAtOneMinute()), runs.term(onceAtOneMinute()))) {
            assertThat(lookups).hasSize(1);
            runs.firstEvent(lookups.get(0).finding(), onHost("a"));
        }

        SuppressedNewTermsRuns.Result result = runs.decide();

        assertThat(result.alerts()).containsExactly(new NewTermsRuns.Written(0, 60_000));
        assertThat(result.suppressed()).isEqualTo(1);
        assertThat(result.found()).isEqualTo(2);
    }
}
