package io.ruleforge.state;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one stage recorded in its last run: a record per rule file (by the path messages name it with), and the
 * record of its stage-wide outputs, if it has any.
 *
 * @param format  {@link #FORMAT} when written by this ruleforge; state of another format is ignored
 * @param outputs the stage-wide outputs; {@code null} when there are none
 */
public record StageState(int format, Map<String, RuleRecord> rules, StageOutputs outputs) {

    /**
     * Bump when the meaning of a recorded field changes; older state is then ignored, never misread. Format 2: a tested
     * rule's summary is a record (status, counts, failures), no longer its console lines. Format 3: a failed case
     * records whether it is a multi-event case (its message then is the alerts that differ).
     */
    public static final int FORMAT = 3;

    public StageState {
        // sorted: the same state, the same bytes
        Map<String, RuleRecord> sorted = new TreeMap<>(Objects.requireNonNull(rules, "rules"));
        sorted.values().forEach(r -> Objects.requireNonNull(r, "rule record"));
        rules = Collections.unmodifiableMap(sorted);
    }

    public static StageState empty() {
        return new StageState(FORMAT, Map.of(), null);
    }

    public Optional<RuleRecord> rule(String key) {
        return Optional.ofNullable(rules.get(key));
    }

    public Optional<StageOutputs> stageOutputs() {
        return Optional.ofNullable(outputs);
    }
}
