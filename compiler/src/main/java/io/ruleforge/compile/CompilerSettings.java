package io.ruleforge.compile;

import io.ruleforge.dsl.DslOptions;
import io.ruleforge.esql.EsqlVersion;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.IndexMappings;
import io.ruleforge.kql.KibanaVersion;

import java.util.Objects;

/**
 * How rules are compiled.
 *
 * @param kibanaVersion whose KQL grammar and DSL to reproduce
 * @param fieldTypes    the field types of the indices each rule searches: what Kibana's data view gives the
 *                      translation, and the real mapping, which decides field checks and EQL semantics
 * @param dslOptions    Kibana's query settings (date time zone)
 * @param esqlVersion   the ES|QL syntax ES|QL rules are parsed with (8.19 or 9.x)
 */
public record CompilerSettings(KibanaVersion kibanaVersion, IndexMappings fieldTypes, DslOptions dslOptions,
                               EsqlVersion esqlVersion) {
    public CompilerSettings {
        Objects.requireNonNull(kibanaVersion, "kibanaVersion");
        Objects.requireNonNull(fieldTypes, "fieldTypes");
        Objects.requireNonNull(dslOptions, "dslOptions");
        Objects.requireNonNull(esqlVersion, "esqlVersion");
    }

    /** With the default ES|QL syntax, {@link EsqlVersion#DEFAULT}. */
    public CompilerSettings(KibanaVersion kibanaVersion, IndexMappings fieldTypes, DslOptions dslOptions) {
        this(kibanaVersion, fieldTypes, dslOptions, EsqlVersion.DEFAULT);
    }

    /**
     * The same field types for every rule.
     *
     * @param kibanaFields the field types Kibana is given (its data view); {@link FieldSchema#none()} reproduces
     *                     Kibana without an index pattern
     * @param indexFields  the real mapping of the rules' indices
     */
    public CompilerSettings(KibanaVersion kibanaVersion, FieldSchema kibanaFields, FieldSchema indexFields,
                            DslOptions dslOptions) {
        this(kibanaVersion, IndexMappings.uniform(kibanaFields, indexFields), dslOptions);
    }
}
