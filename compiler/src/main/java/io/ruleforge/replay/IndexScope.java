package io.ruleforge.replay;

import io.ruleforge.esql.ast.Command;
import io.ruleforge.fields.IndexPatterns;

import java.util.List;

/**
 * The indices a rule searches: its {@code index} entries (an ES|QL rule's {@code FROM} patterns) in order, where an
 * entry {@code -pattern} after a wildcard entry takes out what the entries before it matched and a cross-cluster entry
 * ({@code remote:logs-*}) is matched by its pattern. A rule with none (a data view's) searches every index.
 */
record IndexScope(List<String> entries) {

    IndexScope {
        entries = List.copyOf(entries);
    }

    static IndexScope of(ReplayRule rule) {
        if (rule instanceof ReplayRule.Esql esql && esql.query().source() instanceof Command.From from) {
            return new IndexScope(from.indices().stream().map(Command.IndexPattern::text).toList());
        }
        return new IndexScope(rule.rule().rule().index());
    }

    /** Whether the rule's search reaches an event of {@code index}; an event of no known index reaches every rule. */
    boolean searches(String index) {
        if (index == null || entries.isEmpty()) {
            return true;
        }
        boolean searched = false;
        boolean wildcardSeen = false;
        for (String entry : entries) {
            String pattern = entry.strip();
            // Elasticsearch reads "-x" as an exclusion only after a wildcard expression; before one it names an
            // index "-x" (none exists)
            boolean exclusion = pattern.startsWith("-") && wildcardSeen;
            wildcardSeen |= pattern.contains("*");
            if (exclusion) {
                searched &= !matches(pattern.substring(1), index);
            } else if (!searched) {
                searched = IndexPatterns.searched(pattern).map(p -> matches(p, index)).orElse(false);
            }
        }
        return searched;
    }

    private static boolean matches(String pattern, String index) {
        int colon = pattern.indexOf(':');
        return IndexPatterns.overlap(colon >= 0 ? pattern.substring(colon + 1) : pattern, index);
    }
}
