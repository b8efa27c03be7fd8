package io.ruleforge.evaluate;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Elasticsearch's {@code standard} analyzer, which is Lucene's: its StandardTokenizer (Unicode word segmentation,
 * UAX#29, with emoji as words of their own), lower-casing, tokens of at most 255 characters (longer words are cut
 * into pieces of that length), no stop words — the same Lucene (9.12) as Elasticsearch 8.19.
 *
 * <p>Why Lucene's own: an approximation of UAX#29 written here disagreed with Elasticsearch on emoji (dropped, where
 * Elasticsearch keeps each as a word, so a phrase across one matched here and not there), on the zero-width space
 * (a word break there), the narrow no-break space and skin-tone modifiers (none there), found by a black-box probe
 * against Elasticsearch 8.19.21.
 */
public final class StandardAnalyzer {

    /**
     * Lucene's analyzer, configured as Elasticsearch's {@code standard} analyzer. An {@link Analyzer} is made to be
     * shared: each thread reuses a token stream of its own, so one instance serves every evaluator.
     */
    private static final Analyzer LUCENE = new org.apache.lucene.analysis.standard.StandardAnalyzer(CharArraySet.EMPTY_SET);

    private StandardAnalyzer() {
    }

    /** Lower-cased tokens in order; their index is their position. */
    public static List<String> analyze(String text) {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = LUCENE.tokenStream("", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                tokens.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string's reader does not fail
        }
        return tokens;
    }

    /** The analyzer's normalisation of a wildcard pattern or term: lower-casing only. */
    static String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().map(Character::toLowerCase).forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
