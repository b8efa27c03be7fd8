package io.ruleforge.diff;

import java.util.List;

/**
 * What changed in one rule between the base and the head.
 *
 * @param fields       deployable fields whose value changed (the query is described by {@code query})
 * @param query        how the query changed, if it did
 * @param dslDiff      unified diff of the compiled DSL (empty when identical or not compiled)
 * @param eqlDiff      unified diff of the EQL translation
 * @param version      the version check: base and head deployed versions, and whether the bump is required
 * @param flips        fixture and generated events whose verdict differs between base and head — what the change
 *                     does to detection
 * @param eventsTested how many events were evaluated with both versions
 */
public record RuleChange(String ruleId, String name, String file, List<FieldChange> fields, QueryChange query,
                         List<String> dslDiff, List<String> eqlDiff, VersionCheck version, List<Flip> flips,
                         int eventsTested) {

    public RuleChange {
        fields = List.copyOf(fields);
        dslDiff = List.copyOf(dslDiff);
        eqlDiff = List.copyOf(eqlDiff);
        flips = List.copyOf(flips);
    }

    /** A deployable field whose value changed; values as compact JSON, null when absent on that side. */
    public record FieldChange(String field, String before, String after) {
    }

    /**
     * @param textChanged    the query text differs
     * @param meaningChanged the normalised queries differ (false: reordering, whitespace or parentheses only)
     * @param added          top-level conditions only the head has (ES|QL: pipeline steps, or the conditions a
     *                       changed WHERE gained)
     * @param removed        top-level conditions only the base had (ES|QL: steps, or conditions a WHERE lost)
     */
    public record QueryChange(boolean textChanged, boolean meaningChanged, List<String> added, List<String> removed) {
        public QueryChange {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }

        public static QueryChange none() {
            return new QueryChange(false, false, List.of(), List.of());
        }
    }

    /**
     * @param bumpRequired the deployable content changed, so Kibana will only take it with a higher version
     */
    public record VersionCheck(int base, int head, boolean bumpRequired) {
        public boolean ok() {
            return !bumpRequired || head > base;
        }
    }

    /** An event the two versions decide differently. */
    public record Flip(String event, boolean firedBefore, boolean firesNow) {
        public String direction() {
            return firesNow ? "newly fires" : "newly quiet";
        }
    }
}
