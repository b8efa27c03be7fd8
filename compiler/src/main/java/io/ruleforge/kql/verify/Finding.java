package io.ruleforge.kql.verify;

import io.ruleforge.diag.Severity;
import io.ruleforge.ql.SourceSpan;

import java.util.Optional;

/**
 * One problem found in a query, positioned by its span in the query text (callers map it into the file).
 *
 * @param field the field the problem is about, when it is about one
 */
public record Finding(String code, Severity severity, String message, String hint, SourceSpan span, Optional<String> field) {

    public Finding(String code, Severity severity, String message, String hint, SourceSpan span) {
        this(code, severity, message, hint, span, Optional.empty());
    }
}
