package io.ruleforge.eql;

/**
 * Position arithmetic on the query text. ANTLR's {@code CharStreams.fromString} counts code points while
 * {@link Span} and {@link EqlSyntaxError} use Java chars, so astral characters need a translation.
 */
final class SourcePositions {

    private final String text;
    private final boolean hasSurrogates;

    SourcePositions(String text) {
        this.text = text;
        this.hasSurrogates = text.chars().anyMatch(c -> Character.isSurrogate((char) c));
    }

    String text() {
        return text;
    }

    /** Char offset of the given code point index (clamped to the text length). */
    int charOffset(int codePointIndex) {
        if (codePointIndex <= 0) {
            return 0;
        }
        if (!hasSurrogates) {
            return Math.min(codePointIndex, text.length());
        }
        int cpCount = text.codePointCount(0, text.length());
        return codePointIndex >= cpCount ? text.length() : text.offsetByCodePoints(0, codePointIndex);
    }

    EqlSyntaxError error(int offset, String message) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        return new EqlSyntaxError(offset, line, offset - lineStart + 1, message);
    }
}
