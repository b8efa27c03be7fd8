package io.ruleforge.verify;

import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;

import java.util.Optional;

/** "Did you mean" suggestions: the known field closest to a misspelt name, by edit distance. */
final class FieldNames {

    private final FieldSchema schema;

    FieldNames(FieldSchema schema) {
        this.schema = schema;
    }

    /** The closest known leaf field within an edit distance that still reads as a typo (about one in six characters). */
    Optional<String> closest(String name) {
        int budget = Math.max(1, Math.min(3, name.length() / 6));
        String best = null;
        int bestDistance = budget + 1;
        for (FieldMapping m : schema.fields()) {
            if (m.isContainer() || Math.abs(m.name().length() - name.length()) > budget) {
                continue;
            }
            int d = distance(name, m.name(), bestDistance);
            if (d < bestDistance) {
                bestDistance = d;
                best = m.name();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance, giving up (returning {@code limit}) once every path exceeds it. */
    static int distance(String a, String b, int limit) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
