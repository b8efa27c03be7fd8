package io.ruleforge.kql;

/**
 * The first syntax error in a KQL query, positioned within the query text (callers map it into the rule file).
 *
 * @param offset   0-based char index of the first offending character (the query length for "end of input")
 * @param line     1-based line within the query text
 * @param column   1-based column (in code points) within that line
 * @param expected what the grammar would have accepted there, e.g. {@code "(", field name, value}
 * @param found    what was found, e.g. {@code ":"} or {@code end of input}
 * @param message  Kibana-style sentence: {@code Expected <expected> but <found> found.}
 */
public record KqlSyntaxError(int offset, int line, int column, String expected, String found, String message) {
}
