package io.ruleforge.esql.verify;

import io.ruleforge.esql.ast.DataType;
import io.ruleforge.esql.ast.Expression;
import io.ruleforge.ql.SourceSpan;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;

/**
 * The query of {@code KQL("…")}: compiled with ruleforge's own KQL front end, its syntax errors positioned inside the
 * ES|QL string (the offset in the decoded string mapped back through the escapes of the literal as written).
 */
final class KqlArgumentCheck {

    private final String queryText;
    private final KibanaVersion kqlVersion;
    private final Problems problems;

    KqlArgumentCheck(String queryText, KibanaVersion kqlVersion, Problems problems) {
        this.queryText = queryText;
        this.kqlVersion = kqlVersion;
        this.problems = problems;
    }

    void check(Expression argument) {
        if (!(argument instanceof Expression.Literal literal) || literal.type() != DataType.KEYWORD
                || !(literal.value() instanceof String kql)) {
            return; // not a string literal: the constant check of the signature reports what matters
        }
        if (KqlParser.parse(kql, kqlVersion) instanceof KqlParseResult.Failure failure) {
            int at = rawOffset(literal.span(), failure.error().offset());
            problems.error("kql-syntax", "KQL syntax error in KQL(): " + failure.error().message(), new SourceSpan(at, at));
        }
    }

    /** The query text of a span, as written. */
    String sourceOf(SourceSpan span) {
        return queryText.substring(span.start(), Math.min(span.end(), queryText.length())).replaceAll("\\s+", "");
    }

    /** Where the character at {@code decodedOffset} of the string's value stands in the query text. */
    int rawOffset(SourceSpan literal, int decodedOffset) {
        String raw = queryText.substring(literal.start(), literal.end());
        if (raw.startsWith("\"\"\"")) {
            return literal.start() + 3 + decodedOffset;
        }
        int decoded = 0;
        int i = 1;
        while (i < raw.length() - 1 && decoded < decodedOffset) {
            i += raw.charAt(i) == '\\' ? 2 : 1;
            decoded++;
        }
        return literal.start() + Math.min(i, raw.length() - 1);
    }
}
