package io.ruleforge.dsl;

import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The schema seen as Kibana's data view field list: only value fields are queryable (object and nested entries are
 * containers; nested ones only define nested paths), in the schema's name order.
 */
final class SchemaFields {

    private final FieldSchema schema;
    private final boolean empty;
    /**
     * The value fields, listed on the first wildcard field name: a compiler is made per rule, and listing the tens of
     * thousands of fields of a rule on {@code logs-*} for each rule cost more than the few wildcard names need.
     * Idempotent, so a race only lists them twice.
     */
    private volatile List<FieldMapping> queryable;

    SchemaFields(FieldSchema schema) {
        this.schema = schema;
        this.empty = !schema.hasValueField();
    }

    /** Without any queryable field Kibana behaves as if it had no data view ({@code fields: []}). */
    boolean isEmpty() {
        return empty;
    }

    int size() {
        return queryable().size();
    }

    private List<FieldMapping> queryable() {
        List<FieldMapping> listed = queryable;
        if (listed == null) {
            List<FieldMapping> fields = new ArrayList<>();
            for (FieldMapping m : schema.fields()) {
                if (!m.isContainer()) {
                    fields.add(m);
                }
            }
            listed = List.copyOf(fields);
            queryable = listed;
        }
        return listed;
    }

    /** The field with exactly this name, or every field a wildcard name matches (Kibana's getFields). */
    List<FieldMapping> matching(String name, Pattern wildcard) {
        if (wildcard == null) {
            return schema.field(name).filter(m -> !m.isContainer()).map(List::of).orElse(List.of());
        }
        // only names that start as the pattern does can match: those are read at that prefix, not every field of the
        // schema (a rule on logs-* has tens of thousands, and a compile of the corpus meets such names hundreds of times)
        int star = name.indexOf('*');
        String prefix = star < 0 ? name : name.substring(0, star);
        List<FieldMapping> candidates = prefix.isEmpty() ? queryable() : schema.fieldsStartingWith(prefix);
        List<FieldMapping> matches = new ArrayList<>();
        for (FieldMapping m : candidates) {
            if (!m.isContainer() && wildcard.matcher(m.name()).matches()) {
                matches.add(m);
            }
        }
        return matches;
    }

    Optional<String> nestedPathOf(String fieldName) {
        return schema.nestedPathOf(fieldName);
    }
}
