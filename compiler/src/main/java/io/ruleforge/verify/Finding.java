package io.ruleforge.verify;

import io.ruleforge.diag.Severity;
import io.ruleforge.kql.Span;

/** One problem found in a query, positioned by its span in the query text (callers map it into the file). */
public record Finding(String code, Severity severity, String message, String hint, Span span) {
}
