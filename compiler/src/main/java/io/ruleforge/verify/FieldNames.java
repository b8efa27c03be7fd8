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

    /** The closest known leaf field within the typo budget of the name (ties: the first by name). */
    Optional<String> closest(String name) {
        int budget = EditDistance.typoBudget(name);
        String best = null;
        int bestDistance = budget + 1;
        for (FieldMapping m : schema.fields()) {
            // a name whose length differs by more than the budget needs more edits than the budget: skip it unread
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
