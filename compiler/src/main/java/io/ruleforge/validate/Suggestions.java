package io.ruleforge.validate;

import io.ruleforge.diag.EditDistance;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?": the known word closest to a misspelt one, when one is close enough to be the obvious fix. */
final class Suggestions {

    private Suggestions() {
    }

    static Optional<String> closest(String found, Collection<String> known) {
        String lower = found.toLowerCase(Locale.ROOT);
        int allowed = EditDistance.typoBudget(found);
        return known.stream()
                .filter(k -> k.toLowerCase(Locale.ROOT).equals(lower) || distance(lower, k.toLowerCase(Locale.ROOT)) <= allowed)
                .min(Comparator.comparingInt((String k) -> distance(lower, k.toLowerCase(Locale.ROOT))).thenComparing(k -> k));
    }

    static int distance(String a, String b) {
        return EditDistance.between(a, b, Integer.MAX_VALUE);
    }
}
