package io.ruleforge.ql;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The query text as ANTLR reads it. ANTLR counts code points; in a query without surrogate pairs (nearly every
 * query) a code point is a char, so the stream reads the String itself: {@code CharStreams.fromString} first copies
 * the text into a code-point buffer, and every token's text is then a new String decoded from that buffer, which
 * was a tenth of the lexer's time. A query with surrogates gets ANTLR's own code-point stream.
 */
final class QueryChars implements CharStream {

    private final String text;
    private int position;

    private QueryChars(String text) {
        this.text = text;
    }

    static CharStream of(String query) {
        for (int i = 0; i < query.length(); i++) {
            if (Character.isSurrogate(query.charAt(i))) {
                return CharStreams.fromString(query);
            }
        }
        return new QueryChars(query);
    }

    @Override
    public void consume() {
        if (position >= text.length()) {
            throw new IllegalStateException("cannot consume EOF"); // as ANTLR's streams do
        }
        position++;
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
        return 0; // undefined in ANTLR's contract; its own streams answer 0
    }

    @Override
    public int mark() {
        return -1; // the whole text is in memory: nothing to keep
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

    /** As ANTLR's code-point stream: clamped to the text, empty past its end. */
    @Override
    public String getText(Interval interval) {
        int start = Math.min(interval.a, text.length());
        int length = Math.min(interval.b - interval.a + 1, text.length() - start);
        return length <= 0 ? "" : text.substring(start, start + length);
    }

    @Override
    public String toString() {
        return text;
    }
}
