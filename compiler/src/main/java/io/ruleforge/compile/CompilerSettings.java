package io.ruleforge.compile;

import io.ruleforge.dsl.DslOptions;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;

import java.util.Objects;

/**
 * How rules are compiled.
 *
 * @param kibanaVersion whose KQL grammar and DSL to reproduce
 * @param kibanaFields  the field types Kibana is given (its data view); {@link FieldSchema#none()} reproduces
 *                      Kibana without an index pattern
 * @param indexFields   the real mapping of the rule's indices, which decides EQL semantics
 * @param dslOptions    Kibana's query settings (date time zone)
 */
public record CompilerSettings(KibanaVersion kibanaVersion, FieldSchema kibanaFields, FieldSchema indexFields,
                               DslOptions dslOptions) {
    public CompilerSettings {
        Objects.requireNonNull(kibanaVersion, "kibanaVersion");
        Objects.requireNonNull(kibanaFields, "kibanaFields");
        Objects.requireNonNull(indexFields, "indexFields");
        Objects.requireNonNull(dslOptions, "dslOptions");
    }
}
