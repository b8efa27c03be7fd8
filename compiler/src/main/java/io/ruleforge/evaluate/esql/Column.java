package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

/**
 * One column of an ES|QL table: its name ({@code process.name}) and type.
 *
 * @param undecidable why ruleforge cannot give the column's values as Elasticsearch reads them (a keyword normalizer
 *                    it does not model), or null: a query that reads the column is refused with this reason
 */
public record Column(String name, DataType type, String undecidable) {

    public Column(String name, DataType type) {
        this(name, type, null);
    }
}
