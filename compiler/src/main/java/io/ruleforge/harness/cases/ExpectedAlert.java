package io.ruleforge.harness.cases;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.SourcePosition;

import java.util.OptionalLong;

/**
 * One alert a case expects, identified by its key.
 *
 * @param key         threshold: the values of {@code threshold.field} (empty for {@code field = []}); new_terms:
 *                    the new value or combination of {@code new_terms.fields}; suppression: the values of
 *                    {@code alert_suppression.group_by} ({@code null} for a missing field)
 * @param count       threshold: the number of events of the group; empty when not checked
 * @param cardinality threshold: the distinct values of {@code threshold.cardinality.field}; empty when not checked
 * @param suppressed  suppression: events folded into this alert ({@code kibana.alert.suppression.docs_count});
 *                    empty when not checked
 * @param position    where the expectation is written
 */
public record ExpectedAlert(ObjectNode key, OptionalLong count, OptionalLong cardinality, OptionalLong suppressed,
                            SourcePosition position) {

    public ExpectedAlert {
        key = key.deepCopy();
    }

    @Override
    public ObjectNode key() {
        return key.deepCopy();
    }
}
