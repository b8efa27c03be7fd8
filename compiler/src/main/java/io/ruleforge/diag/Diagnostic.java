package io.ruleforge.diag;

import java.util.Comparator;
import java.util.Objects;

/**
 * One finding about the user's input, printed like a compiler message:
 * {@code rules/x.toml:12:14: error: rule.risk_score must be between 0 and 100, found 101 [RF2006]}.
 *
 * @param code     stable identifier ({@code RF} + 4 digits) so users and tools can refer to a kind of finding
 * @param severity error, warning or info
 * @param position where in which file
 * @param message  what was expected and what was found, one line
 * @param hint     how to fix it, one line; may be empty
 */
public record Diagnostic(String code, Severity severity, SourcePosition position, String message, String hint) {

    /** Orders diagnostics as a user reads them: by file, then line, then column. */
    public static final Comparator<Diagnostic> BY_POSITION = Comparator
            .comparing((Diagnostic d) -> d.position().file())
            .thenComparingInt(d -> d.position().line())
            .thenComparingInt(d -> d.position().column());

    public Diagnostic {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(message, "message");
        hint = hint == null ? "" : hint;
    }

    public static Diagnostic error(String code, SourcePosition position, String message) {
        return new Diagnostic(code, Severity.ERROR, position, message, "");
    }

    public static Diagnostic warning(String code, SourcePosition position, String message) {
        return new Diagnostic(code, Severity.WARNING, position, message, "");
    }

    public Diagnostic withHint(String newHint) {
        return new Diagnostic(code, severity, position, message, newHint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The compiler-style line, without the hint. */
    public String format() {
        return position + ": " + severity.label() + ": " + message + " [" + code + "]";
    }

    @Override
    public String toString() {
        return format();
    }
}
