package io.ruleforge.fields;

import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

import java.util.ArrayList;
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
        int starA = a.indexOf('*');
        int starB = b.indexOf('*');
        // the usual shapes decided without the automaton (this runs for every Elastic layer against every index
        // entry of every rule): concrete names, and patterns whose only star is the last character
        if (starA < 0 && starB < 0) {
            return a.equals(b);
        }
        if ((starA < 0 || starA == a.length() - 1) && (starB < 0 || starB == b.length() - 1)) {
            if (starA < 0) {
                return a.regionMatches(0, b, 0, starB);
            }
            if (starB < 0) {
                return b.regionMatches(0, a, 0, starA);
            }
            // two prefixes: some name has both when one is a prefix of the other
            int common = Math.min(starA, starB);
            return a.regionMatches(0, b, 0, common);
        }
        return productOverlap(a, b);
    }

    /** The general case: a search of the product automaton, state (i, j) numbered i * (m + 1) + j. */
    private static boolean productOverlap(String a, String b) {
        int n = a.length();
        int m = b.length();
        int width = m + 1;
        boolean[] seen = new boolean[(n + 1) * width];
        // each state is pushed at most once per incoming edge, at most three edges per state
        int[] pending = new int[3 * seen.length + 1];
        int top = 0;
        pending[top++] = 0;
        while (top > 0) {
            int state = pending[--top];
            if (seen[state]) {
                continue;
            }
            seen[state] = true;
            int i = state / width;
            int j = state % width;
            if (i == n && j == m) {
                return true;
            }
            boolean starA = i < n && a.charAt(i) == '*';
            boolean starB = j < m && b.charAt(j) == '*';
            // a star may match nothing
            if (starA) {
                pending[top++] = state + width;
            }
            if (starB) {
                pending[top++] = state + 1;
            }
            // or both consume one common character
            if (starA && j < m && !starB) {
                pending[top++] = state + 1;
            } else if (starB && i < n && !starA) {
                pending[top++] = state + width;
            } else if (i < n && j < m && !starA && !starB && a.charAt(i) == b.charAt(j)) {
                pending[top++] = state + width + 1;
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
        return anySearchedOverlap(scope, searchedAll(ruleIndex));
    }

    /**
     * The local patterns a rule's {@code index} list searches, exclusions left out (see {@link #searched}). An entry
     * may itself be a comma list ({@code "logs-a-*,logs-b-*"}): Kibana joins the entries with commas into the search's
     * index list, and Elasticsearch reads each part as a pattern of its own.
     */
    public static List<String> searchedAll(List<String> ruleIndex) {
        List<String> searched = new ArrayList<>(ruleIndex.size());
        for (String entry : ruleIndex) {
            if (entry.indexOf(',') < 0) {
                searched(entry).ifPresent(searched::add);
            } else {
                for (String part : entry.split(",")) {
                    searched(part).ifPresent(searched::add);
                }
            }
        }
        return searched;
    }

    /** The work Lucene may spend determinizing the patterns before {@link #someNameOutside} answers "maybe" (true). */
    private static final int DETERMINIZE_WORK_LIMIT = 20_000;

    /**
     * Whether some index name matches every pattern of {@code all} and none of {@code none}: e.g. whether an index of
     * a rule's pattern can match an index template's pattern without matching a pattern of a template that outranks
     * it. Decided exactly on the patterns' automata (Lucene's: their intersection minus the union of {@code none});
     * should determinizing them take more than {@value #DETERMINIZE_WORK_LIMIT} units of work (patterns far from any
     * real index name), the answer is true, the side that drops no template that could apply.
     */
    public static boolean someNameOutside(List<String> all, List<String> none) {
        if (all.isEmpty()) {
            return false;
        }
        try {
            Automaton names = automaton(all.get(0));
            for (String pattern : all.subList(1, all.size())) {
                names = Operations.intersection(names, automaton(pattern));
            }
            if (!none.isEmpty()) {
                List<Automaton> excluded = new ArrayList<>();
                none.forEach(p -> excluded.add(automaton(p)));
                names = Operations.minus(names, Operations.union(excluded), DETERMINIZE_WORK_LIMIT);
            }
            return !Operations.isEmpty(names);
        } catch (TooComplexToDeterminizeException e) {
            return true;
        }
    }

    /** An index pattern's automaton: {@code *} any characters, every other character itself. */
    private static Automaton automaton(String pattern) {
        List<Automaton> parts = new ArrayList<>();
        int from = 0;
        for (int star = pattern.indexOf('*'); star >= 0; star = pattern.indexOf('*', from)) {
            parts.add(Automata.makeString(pattern.substring(from, star)));
            parts.add(Automata.makeAnyString());
            from = star + 1;
        }
        parts.add(Automata.makeString(pattern.substring(from)));
        return Operations.concatenate(parts);
    }

    /** As {@link #anyOverlap}, for the patterns {@link #searchedAll} gave: one rule is checked against many scopes. */
    public static boolean anySearchedOverlap(List<String> scope, List<String> searched) {
        for (String pattern : searched) {
            for (String p : scope) {
                if (overlap(p, pattern)) {
                    return true;
                }
            }
        }
        return false;
    }
}
