package io.ruleforge.verify;

import io.ruleforge.diag.EditDistance;
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
            int d = EditDistance.between(name, m.name(), bestDistance);
            if (d < bestDistance) {
                bestDistance = d;
                best = m.name();
            }
        }
        return Optional.ofNullable(best);
    }
}
