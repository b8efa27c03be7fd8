package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Elasticsearch's {@code minimum_should_match} arithmetic: {@code 2}, {@code -1}, {@code "75%"}, {@code "-25%"}
 * and conditional specs such as {@code "3<90%"} or {@code "2<-25% 9<-3"}. The result is clamped at 0; a result
 * above the number of should clauses makes the bool match nothing (Lucene semantics).
 */
final class MinimumShouldMatch {

    private MinimumShouldMatch() {
    }

    /**
     * The should clauses a {@code bool} query needs, as Elasticsearch's {@code BoolQueryBuilder} builds it: with no
     * spec, 1 when it has should clauses and no must/filter clause, else 0. A bool without any clause matches every
     * document whatever its spec (Elasticsearch makes it a {@code match_all}), and so does a bool of must_not clauses
     * alone, but for what they exclude: its {@code fixNegativeQueryIfNeeded} rebuilds such a query with a match-all
     * filter and without the minimum.
     *
     * @param spec the {@code minimum_should_match} as written, or null
     */
    static int ofBool(JsonNode spec, int should, int required) {
        if (spec == null || spec.isNull()) {
            return should > 0 && required == 0 ? 1 : 0;
        }
        if (should == 0 && required == 0) {
            return 0;
        }
        return resolve(spec, should);
    }

    static int resolve(JsonNode spec, int optionalClauses) {
        if (spec.isInt() || spec.isLong()) {
            return clamp(simple(spec.asText(), optionalClauses));
        }
        if (!spec.isTextual()) {
            throw new IllegalArgumentException("[minimum_should_match] must be an integer or a string, got " + spec);
        }
        String text = spec.textValue().trim();
        try {
            if (text.contains("<")) {
                // Space-separated "n<spec" pairs: the spec of the largest n below the clause count applies.
                int result = optionalClauses;
                for (String part : text.split("\\s+")) {
                    int lt = part.indexOf('<');
                    int upTo = Integer.parseInt(part.substring(0, lt));
                    if (optionalClauses > upTo) {
                        result = simple(part.substring(lt + 1), optionalClauses);
                    }
                }
                return clamp(result);
            }
            return clamp(simple(text, optionalClauses));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("invalid minimum_should_match [" + text + "]");
        }
    }

    private static int simple(String spec, int optionalClauses) {
        if (spec.endsWith("%")) {
            int percent = Integer.parseInt(spec.substring(0, spec.length() - 1));
            int calc = (int) (optionalClauses * percent / 100f);
            return calc < 0 ? optionalClauses + calc : calc;
        }
        int calc = Integer.parseInt(spec);
        return calc < 0 ? optionalClauses + calc : calc;
    }

    private static int clamp(int value) {
        return Math.max(0, value);
    }
}
