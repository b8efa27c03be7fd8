package io.ruleforge.fields;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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

    /** How many sets of automaton states {@link #someNameOutside} explores before it answers "maybe" (true). */
    private static final int MAX_EXPLORED = 20_000;

    /**
     * Whether some index name matches every pattern of {@code all} and none of {@code none}: e.g. whether an index of
     * a rule's pattern can match an index template's pattern without matching a pattern of a template that outranks
     * it. Decided exactly on the product of the patterns' automata ({@code none}'s determinized), over the characters
     * the patterns name plus one standing for every other character; should the product grow beyond
     * {@value #MAX_EXPLORED} states (patterns far from any real index name), the answer is true, the side that drops
     * no template that could apply.
     */
    public static boolean someNameOutside(List<String> all, List<String> none) {
        if (all.isEmpty()) {
            return false;
        }
        List<String> patterns = new ArrayList<>(all);
        patterns.addAll(none);
        // every character a pattern names, and one none names (all others behave alike: only a star takes them)
        TreeSet<Character> named = new TreeSet<>();
        for (String p : patterns) {
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) != '*') {
                    named.add(p.charAt(i));
                }
            }
        }
        char other = 0;
        while (named.contains(other)) {
            other++;
        }
        List<Character> alphabet = new ArrayList<>(named);
        alphabet.add(other);
        int count = patterns.size();
        BitSet[] start = new BitSet[count];
        for (int k = 0; k < count; k++) {
            BitSet states = new BitSet();
            states.set(0);
            start[k] = closure(patterns.get(k), states);
        }
        Set<List<BitSet>> seen = new HashSet<>();
        ArrayDeque<BitSet[]> pending = new ArrayDeque<>();
        pending.push(start);
        while (!pending.isEmpty()) {
            BitSet[] current = pending.pop();
            if (!seen.add(List.of(current))) {
                continue;
            }
            if (seen.size() > MAX_EXPLORED) {
                return true;
            }
            boolean alive = true;
            boolean accepted = true;
            for (int k = 0; k < count && alive; k++) {
                String p = patterns.get(k);
                boolean accepts = current[k].get(p.length());
                if (k < all.size()) {
                    // a name must still be able to match every pattern of all
                    alive = !current[k].isEmpty();
                    accepted &= accepts;
                } else {
                    // a pattern of none that matches whatever follows (its rest all stars) matches every name from here
                    alive = !matchesEveryRest(p, current[k]);
                    accepted &= !accepts;
                }
            }
            if (!alive) {
                continue;
            }
            if (accepted) {
                return true;
            }
            for (char c : alphabet) {
                BitSet[] next = new BitSet[count];
                boolean dead = false;
                for (int k = 0; k < count && !dead; k++) {
                    next[k] = step(patterns.get(k), current[k], c);
                    dead = k < all.size() && next[k].isEmpty();
                }
                if (!dead) {
                    pending.push(next);
                }
            }
        }
        return false;
    }

    /** The states of a glob's automaton (i = the first i characters matched) after reading {@code c}. */
    private static BitSet step(String pattern, BitSet states, char c) {
        BitSet next = new BitSet();
        for (int i = states.nextSetBit(0); i >= 0 && i < pattern.length(); i = states.nextSetBit(i + 1)) {
            char p = pattern.charAt(i);
            if (p == '*') {
                next.set(i);
            } else if (p == c) {
                next.set(i + 1);
            }
        }
        return closure(pattern, next);
    }

    /** The states with every star that can match nothing passed. */
    private static BitSet closure(String pattern, BitSet states) {
        for (int i = states.nextSetBit(0); i >= 0 && i < pattern.length(); i = states.nextSetBit(i + 1)) {
            if (pattern.charAt(i) == '*') {
                states.set(i + 1);
            }
        }
        return states;
    }

    /** Whether from one of the states the rest of the pattern is stars only, so that it matches every continuation. */
    private static boolean matchesEveryRest(String pattern, BitSet states) {
        for (int i = states.nextSetBit(0); i >= 0; i = states.nextSetBit(i + 1)) {
            int j = i;
            while (j < pattern.length() && pattern.charAt(j) == '*') {
                j++;
            }
            if (i < pattern.length() && j == pattern.length()) {
                return true;
            }
        }
        return false;
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
