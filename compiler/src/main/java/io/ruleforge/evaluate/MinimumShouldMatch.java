package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.regex.Pattern;

/**
 * Elasticsearch's {@code minimum_should_match} arithmetic: {@code 2}, {@code -1}, {@code "75%"}, {@code "-25%"}
 * and conditional specs such as {@code "3<90%"} or {@code "2<-25% 9<-3"}. The result is clamped at 0; a result
 * above the number of should clauses makes the bool match nothing (Lucene semantics).
 */
final class MinimumShouldMatch {

    private static final Pattern SPACE_AROUND_LESS_THAN = Pattern.compile("(\\s+<\\s*)|(\\s*<\\s+)");

    private MinimumShouldMatch() {
    }

    /**
     * The should clauses a {@code bool} query needs, as Elasticsearch's {@code BoolQueryBuilder} builds it: with no
     * spec, 1 when it has should clauses and no must/filter clause, else 0. A bool without any clause matches every
     * document whatever its spec (Elasticsearch makes it a {@code match_all} before it reads the spec), and a bool of
     * must_not clauses alone matches all but what they exclude: its {@code fixNegativeQueryIfNeeded} rebuilds such a
     * query with a match-all filter and without the minimum, which it has read (a spec it cannot read still fails).
     *
     * @param spec the {@code minimum_should_match} as written, or null
     * @throws IllegalArgumentException for a spec Elasticsearch refuses
     */
    static int ofBool(JsonNode spec, int should, int required, int excluded) {
        if (spec != null && spec.isContainerNode()) {
            throw new IllegalArgumentException("[minimum_should_match] must be an integer or a string, got " + spec);
        }
        if (should == 0 && required == 0 && excluded == 0) {
            return 0;
        }
        if (spec == null || spec.isNull()) {
            return should > 0 && required == 0 ? 1 : 0;
        }
        int minimum = resolve(spec, should);
        return should == 0 && required == 0 ? 0 : minimum;
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
                // Elasticsearch's calculateMinShouldMatch: "n<spec" pairs split at single spaces, in the order
                // written; the first whose n is at or above the clause count ends the walk with what came before
                String pairs = SPACE_AROUND_LESS_THAN.matcher(text).replaceAll("<");
                int result = optionalClauses;
                for (String pair : pairs.split(" ")) {
                    String[] parts = pair.split("<");
                    if (optionalClauses <= Integer.parseInt(parts[0])) {
                        return result;
                    }
                    result = clamp(simple(parts[1].trim(), optionalClauses));
                }
                return result;
            }
            return clamp(simple(text, optionalClauses));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
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
