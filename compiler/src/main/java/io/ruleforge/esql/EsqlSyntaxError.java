package io.ruleforge.esql;

import io.ruleforge.diag.QueryText;

/**
 * The first syntax error in an ES|QL query, positioned within the query text (callers map it into the rule file).
 *
 * @param offset  0-based char index of the first offending character (the query length for "end of input")
 * @param line    1-based line within the query text
 * @param column  1-based column (in code points) within that line
 * @param message what is wrong, e.g. {@code unknown command "WHER"; did you mean WHERE?}
 */
public record EsqlSyntaxError(int offset, int line, int column, String message) {

    /** How a message says the query is valid ES|QL that ruleforge does not read (a command such as ENRICH). */
    public static final String UNSUPPORTED = "not supported by ruleforge";

    /** Whether this is ruleforge's limit, not a mistake in the query. */
    public boolean unsupported() {
        return message.contains(UNSUPPORTED);
    }

    /** The error at a char offset of the query, with its line and column. */
    static EsqlSyntaxError at(QueryText source, int offset, String message) {
        return new EsqlSyntaxError(offset, source.line(offset), source.column(offset), message);
    }
}
