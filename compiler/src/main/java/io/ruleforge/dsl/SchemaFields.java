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
    private final List<FieldMapping> queryable;

    SchemaFields(FieldSchema schema) {
        this.schema = schema;
        List<FieldMapping> fields = new ArrayList<>();
        for (FieldMapping m : schema.fields()) {
            if (!m.isContainer()) {
                fields.add(m);
            }
        }
        this.queryable = List.copyOf(fields);
    }

    /** Without any queryable field Kibana behaves as if it had no data view ({@code fields: []}). */
    boolean isEmpty() {
        return queryable.isEmpty();
    }

    int size() {
        return queryable.size();
    }

    /** The field with exactly this name, or every field a wildcard name matches (Kibana's getFields). */
    List<FieldMapping> matching(String name, Pattern wildcard) {
        if (wildcard == null) {
            return schema.field(name).filter(m -> !m.isContainer()).map(List::of).orElse(List.of());
        }
        List<FieldMapping> matches = new ArrayList<>();
        for (FieldMapping m : queryable) {
            if (wildcard.matcher(m.name()).matches()) {
                matches.add(m);
            }
        }
        return matches;
    }

    Optional<String> nestedPathOf(String fieldName) {
        return schema.nestedPathOf(fieldName);
    }
}
