package io.ruleforge.diff;

import java.util.List;

/**
 * A rule set compared with its base.
 *
 * @param base      what the head was compared against
 * @param head      what was compared: the working tree, or a git revision
 * @param added     rules only the head has (rule_id and name)
 * @param removed   rules only the base had
 * @param changed   rules whose deployable content or version differs
 * @param unchanged how many rules are the same
 */
public record DiffReport(String base, String head, List<RuleRef> added, List<RuleRef> removed, List<RuleChange> changed, int unchanged,
                         List<RuleMove> moved) {

    public DiffReport(String base, String head, List<RuleRef> added, List<RuleRef> removed, List<RuleChange> changed, int unchanged) {
        this(base, head, added, removed, changed, unchanged, List.of());
    }

    /** The head when none is named: the rules as they are on disk. */
    public static final String WORKING_TREE = "the working tree";

    public DiffReport {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        moved = List.copyOf(moved);
    }

    /**
     * A rule (changed or not) whose file moved: its fixtures folder, named after the file, must move with it.
     *
     * @param from the base's file, relative to the rules folder ({@code x.toml})
     * @param to   the head's file, relative to the rules folder ({@code net/x.toml})
     */
    public record RuleMove(String ruleId, String name, String from, String to) {
    }

    /** A rule named in the summary. */
    public record RuleRef(String ruleId, String name, String file) {
    }
}
