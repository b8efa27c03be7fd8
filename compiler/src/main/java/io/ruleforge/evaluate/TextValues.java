package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * text and match_only_text fields, analysed with the standard analyzer. Each source value keeps its own token
 * list because a phrase never spans two values of an array (position_increment_gap 100).
 */
record TextValues(ResolvedField field, List<List<String>> tokensPerValue) implements FieldValues {

    static TextValues of(ResolvedField field) {
        List<List<String>> tokens = new ArrayList<>();
        for (JsonNode v : field.values()) {
            if (v.isValueNode()) {
                tokens.add(StandardAnalyzer.analyze(v.asText()));
            }
        }
        return new TextValues(field, List.copyOf(tokens));
    }

    /** Whether the analyzer makes no tokens of the text (punctuation, white space): a match without a term. */
    static boolean hasNoTokens(String text) {
        return StandardAnalyzer.analyze(text).isEmpty();
    }

    @Override
    public boolean exists() {
        return !tokensPerValue.isEmpty();
    }

    /** term is not analysed: {@code "Cmd"} never equals the indexed token {@code cmd}. */
    @Override
    public Optional<String> term(JsonNode value, boolean caseInsensitive) {
        String wanted = FieldValues.text(value);
        return allTokens().stream()
                .filter(t -> caseInsensitive ? AsciiCase.equalsIgnoreCase(t, wanted) : t.equals(wanted))
                .findFirst().map(t -> "token " + FieldValues.quote(t));
    }

    /** match: any query token (operator or) or every query token (operator and); no tokens matches nothing. */
    @Override
    public Optional<String> match(JsonNode value, boolean allTokens) {
        List<String> wanted = StandardAnalyzer.analyze(FieldValues.text(value));
        List<String> have = allTokens();
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        if (allTokens) {
            return have.containsAll(wanted) ? Optional.of("tokens " + wanted) : Optional.empty();
        }
        return wanted.stream().filter(have::contains).findFirst().map(t -> "token " + FieldValues.quote(t));
    }

    @Override
    public Optional<String> phrase(JsonNode value) {
        List<String> wanted = StandardAnalyzer.analyze(FieldValues.text(value));
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        for (List<String> tokens : tokensPerValue) {
            if (Collections.indexOfSubList(tokens, wanted) >= 0) {
                return Optional.of("phrase " + FieldValues.quote(String.join(" ", wanted)));
            }
        }
        return Optional.empty();
    }

    /**
     * wildcard query on text: the pattern must match one whole token and is NOT lower-cased (ES 7.13+,
     * elastic/elasticsearch#71751), so {@code HEL*} misses the token {@code hello} unless case_insensitive.
     */
    @Override
    public Optional<String> wildcard(String pattern, boolean caseInsensitive) {
        WildcardPattern p = WildcardPattern.compile(pattern, caseInsensitive);
        return allTokens().stream().filter(p::matches).findFirst().map(t -> "token " + FieldValues.quote(t));
    }

    /** regexp on text: the expression must match one whole token. */
    @Override
    public Optional<String> regexp(java.util.function.Predicate<String> matches) {
        return allTokens().stream().filter(matches).findFirst().map(t -> "token " + FieldValues.quote(t));
    }

    /** query_string, unlike the wildcard query, runs the pattern through the analyzer's normaliser. */
    private Optional<String> normalizedWildcard(String pattern) {
        return wildcard(StandardAnalyzer.normalize(pattern), false);
    }

    /**
     * query_string wildcard term. Without analyze_wildcard it is one lower-cased pattern against single tokens
     * (so {@code *ssm\-user} can never match: the tokens hold no '-'). With analyze_wildcard the term is split the
     * way the analyzer would split it and every piece must match some token (an approximation of ES's rewrite).
     */
    @Override
    public Optional<String> queryStringTerm(String term, boolean analyzeWildcard) {
        if (term.equals("*")) {
            return exists() ? Optional.of("any value") : Optional.empty();
        }
        if (!analyzeWildcard) {
            return normalizedWildcard(term);
        }
        List<String> pieces = splitKeepingWildcards(term);
        if (pieces.isEmpty()) {
            return Optional.empty();
        }
        for (String piece : pieces) {
            if (normalizedWildcard(piece).isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of("tokens for " + FieldValues.quote(term));
    }

    /** Splits an escaped wildcard term at characters the tokenizer would break on, keeping '*' and '?' in words. */
    private static List<String> splitKeepingWildcards(String term) {
        // Swap wildcards for a letter the analyzer keeps inside a word, analyse, swap back.
        String marked = WildcardPattern.unescape(term.replace("\\*", "\uE000").replace("\\?", "\uE001"))
                .replace('*', 'ꙮ').replace('?', 'ꙭ');
        List<String> out = new ArrayList<>();
        for (String token : StandardAnalyzer.analyze(marked)) {
            out.add(token.replace('ꙮ', '*').replace('ꙭ', '?'));
        }
        return out;
    }

    @Override
    public Optional<String> range(RangeBounds bounds) {
        return allTokens().stream()
                .filter(bounds.matcher(String::compareTo, (b, up) -> FieldValues.text(b)))
                .findFirst().map(t -> "token " + FieldValues.quote(t));
    }

    private List<String> allTokens() {
        List<String> all = new ArrayList<>();
        tokensPerValue.forEach(all::addAll);
        return all;
    }
}
