package io.ruleforge.fields;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Elasticsearch index patterns ({@code winlogbeat-*}, {@code logs-endpoint.events.process-*}), where {@code *} is
 * the only wildcard. A mapping configured for one pattern applies to a rule searching another when some index
 * name could match both — Kibana's data view for the rule then holds that index's fields.
 */
public final class IndexPatterns {

    private IndexPatterns() {
    }

    /**
     * Whether some index name matches both patterns (a concrete index name is a pattern without {@code *}).
     * Decided on the product of the two patterns' automata, so it is exact and linear in their lengths' product.
     */
    public static boolean overlap(String a, String b) {
        int n = a.length();
        int m = b.length();
        boolean[][] seen = new boolean[n + 1][m + 1];
        Deque<int[]> pending = new ArrayDeque<>();
        pending.push(new int[] {0, 0});
        while (!pending.isEmpty()) {
            int[] state = pending.pop();
            int i = state[0];
            int j = state[1];
            if (seen[i][j]) {
                continue;
            }
            seen[i][j] = true;
            if (i == n && j == m) {
                return true;
            }
            boolean starA = i < n && a.charAt(i) == '*';
            boolean starB = j < m && b.charAt(j) == '*';
            // a star may match nothing
            if (starA) {
                pending.push(new int[] {i + 1, j});
            }
            if (starB) {
                pending.push(new int[] {i, j + 1});
            }
            // or both consume one common character
            if (starA && j < m && !starB) {
                pending.push(new int[] {i, j + 1});
            } else if (starB && i < n && !starA) {
                pending.push(new int[] {i + 1, j});
            } else if (i < n && j < m && !starA && !starB && a.charAt(i) == b.charAt(j)) {
                pending.push(new int[] {i + 1, j + 1});
            }
        }
        return false;
    }

    /**
     * The local index pattern a rule's {@code index} entry searches, or empty for an exclusion ({@code -foo*}),
     * which selects nothing. A cross-cluster entry ({@code remote:winlogbeat-*}, {@code *:logs-*}) searches the
     * pattern after the cluster.
     */
    public static Optional<String> searched(String entry) {
        String pattern = entry.strip();
        if (pattern.isEmpty() || pattern.startsWith("-")) {
            return Optional.empty();
        }
        int colon = pattern.indexOf(':');
        return Optional.of(colon >= 0 ? pattern.substring(colon + 1) : pattern);
    }

    /** Whether any pattern of {@code scope} overlaps any index a rule's {@code index} list searches. */
    public static boolean anyOverlap(List<String> scope, List<String> ruleIndex) {
        for (String entry : ruleIndex) {
            Optional<String> searched = searched(entry);
            if (searched.isPresent() && scope.stream().anyMatch(p -> overlap(p, searched.get()))) {
                return true;
            }
        }
        return false;
    }
}
