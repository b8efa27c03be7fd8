package io.ruleforge.evaluate;

import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

import java.util.function.Predicate;

/**
 * A {@code regexp} query's expression compiled by Lucene's own {@link RegExp}, as Elasticsearch's
 * {@code RegexpQuery} compiles it: its default flags ({@code ALL}: complement {@code ~}, intersection {@code &},
 * intervals {@code <n-m>}, {@code @} any string, {@code #} the empty language, quoted strings), {@code case_insensitive}
 * as {@code ASCII_CASE_INSENSITIVE}, matched against a whole term. A translation into Java's dialect read
 * {@code (?i)} as Java does and refused {@code ~} and {@code &}, where Elasticsearch 8.19.21 reads them (probe28).
 */
final class LuceneRegexps {

    private LuceneRegexps() {
    }

    /** @throws IllegalArgumentException when Lucene refuses the expression, or it is too complex to run */
    static Predicate<String> compile(String expression, boolean caseInsensitive) {
        try {
            RegExp regExp = new RegExp(expression, RegExp.ALL, caseInsensitive ? RegExp.ASCII_CASE_INSENSITIVE : 0);
            CharacterRunAutomaton automaton = new CharacterRunAutomaton(regExp.toAutomaton());
            return automaton::run;
        } catch (TooComplexToDeterminizeException e) {
            throw new IllegalArgumentException("Determinizing automaton would require more than the allowed work: " + expression);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid regular expression: " + e.getMessage(), e);
        }
    }
}
