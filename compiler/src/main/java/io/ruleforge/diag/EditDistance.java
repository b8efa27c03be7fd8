package io.ruleforge.diag;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Edit distance for "did you mean" hints, shared by every stage that suggests a known name. */
public final class EditDistance {

    private EditDistance() {
    }

    /**
     * Optimal string alignment distance: an insertion, a deletion, a substitution and a swap of two adjacent
     * characters each count one edit. Swaps must count one: {@code nmae} for {@code name} is the commonest typo, and
     * plain Levenshtein (two edits) pushed it over the budget of short names. Gives up (returning {@code limit}) once
     * every alignment exceeds it.
     */
    public static int between(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit || bagDistance(a, b) >= limit) {
            return limit; // every alignment needs at least that many edits
        }
        int[] beforePrevious = new int[b.length() + 1];
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        int previousRowMin = 0;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            // cells further than limit from the diagonal cost at least limit (d(i, j) >= |i - j|) and costs only grow
            // along an alignment, so they are set to limit unread: the answer is the same once capped at limit
            int from = Math.max(1, i - limit);
            int to = Math.min(b.length(), i + limit);
            for (int j = 1; j < from; j++) {
                current[j] = limit;
            }
            if (to < b.length()) {
                current[to + 1] = limit;
            }
            for (int j = from; j <= to; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, beforePrevious[j - 2] + 1);
                }
                current[j] = d;
                rowMin = Math.min(rowMin, d);
            }
            // a later row can reach below this row's minimum only by a swap from the row before, at +1
            if (Math.min(rowMin, previousRowMin + 1) >= limit) {
                return limit;
            }
            previousRowMin = rowMin;
            int[] recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }
        return Math.min(previous[b.length()], limit);
    }

    /**
     * A lower bound of the distance, far cheaper than the table: the characters one string has more of than the
     * other (counted in 64 buckets, which can only lower it). An insertion, deletion or substitution changes it by
     * at most one and a swap not at all. "Did you mean" compares a name with thousands of field names, nearly all
     * of them far off, and this turns most away unread.
     */
    static int bagDistance(String a, String b) {
        int[] counts = new int[64];
        for (int i = 0; i < a.length(); i++) {
            counts[a.charAt(i) & 63]++;
        }
        for (int i = 0; i < b.length(); i++) {
            counts[b.charAt(i) & 63]--;
        }
        int more = 0;
        int fewer = 0;
        for (int count : counts) {
            if (count > 0) {
                more += count;
            } else {
                fewer -= count;
            }
        }
        return Math.max(more, fewer);
    }

    /**
     * How many edits a misspelling of {@code name} may have and still read as a typo of a known name: one per four
     * characters, at least one, at most three. The same rule for every name, so a short field ({@code user.name})
     * gets the same hint a long one ({@code process.name}) does.
     */
    public static int typoBudget(String name) {
        return Math.max(1, Math.min(3, name.length() / 4));
    }

    /**
     * "Did you mean …?": the known word closest to {@code found} (case-insensitively), when one is within its typo
     * budget; ties go to the first in alphabetical order.
     */
    public static Optional<String> closest(String found, Collection<String> known) {
        String lower = found.toLowerCase(Locale.ROOT);
        int allowed = typoBudget(found);
        return known.stream()
                .filter(k -> between(lower, k.toLowerCase(Locale.ROOT), allowed + 1) <= allowed)
                .min(Comparator.comparingInt((String k) -> between(lower, k.toLowerCase(Locale.ROOT), allowed + 1))
                        .thenComparing(k -> k));
    }
}
