package io.ruleforge.ql;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * ANTLR's input for a query: the query string itself when it has no surrogate pair, so that each char is one code
 * point and the lexer can read it in place; otherwise {@link CharStreams#fromString}, which decodes code points. The
 * positions ANTLR reports are code point indexes in both cases, as {@link io.ruleforge.diag.QueryText} expects.
 *
 * <p>Why not always {@code fromString}: it copies the text twice (into a char buffer, then into a code point buffer)
 * before lexing starts, a twentieth of the time of parsing an EQL rule query.
 */
public final class QueryCharStream implements CharStream {

    private final String text;
    private int position;

    private QueryCharStream(String text) {
        this.text = text;
    }

    /** The stream over {@code query}, read from its first character. */
    public static CharStream of(String query) {
        for (int i = 0; i < query.length(); i++) {
            if (Character.isSurrogate(query.charAt(i))) {
                return CharStreams.fromString(query);
            }
        }
        return new QueryCharStream(query);
    }

    @Override
    public int LA(int i) {
        if (i > 0) {
            int at = position + i - 1;
            return at < text.length() ? text.charAt(at) : IntStream.EOF;
        }
        if (i < 0) {
            int at = position + i;
            return at >= 0 ? text.charAt(at) : IntStream.EOF;
        }
        return 0; // undefined, as in ANTLR's own streams
    }

    @Override
    public void consume() {
        if (position >= text.length()) {
            throw new IllegalStateException("cannot consume EOF");
        }
        position++;
    }

    @Override
    public int mark() {
        return -1; // the whole text is always there: nothing to mark
    }

    @Override
    public void release(int marker) {
    }

    @Override
    public int index() {
        return position;
    }

    @Override
    public void seek(int index) {
        position = index;
    }

    @Override
    public int size() {
        return text.length();
    }

    @Override
    public String getSourceName() {
        return IntStream.UNKNOWN_SOURCE_NAME;
    }

    /** As ANTLR's code point streams do: the interval clamped to the text. */
    @Override
    public String getText(Interval interval) {
        int start = Math.min(interval.a, text.length());
        int length = Math.min(interval.b - interval.a + 1, text.length() - start);
        return text.substring(start, start + length);
    }

    @Override
    public String toString() {
        return text;
    }
}
