package io.ruleforge.harness;

import java.util.List;

/** The fixture events of one rule: those it must fire on and those it must stay quiet on. */
public record RuleFixtures(List<FixtureEvent> positives, List<FixtureEvent> negatives) {
    public RuleFixtures {
        positives = List.copyOf(positives);
        negatives = List.copyOf(negatives);
    }

    public boolean isEmpty() {
        return positives.isEmpty() && negatives.isEmpty();
    }
}
