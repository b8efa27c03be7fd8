package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

/** One column of an ES|QL table: its name ({@code process.name}) and type. */
public record Column(String name, DataType type) {
}
