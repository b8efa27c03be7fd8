package io.ruleforge.ql;

import org.antlr.v4.runtime.Token;

import java.util.Set;

/**
 * How deep a query may nest before it is rejected as a syntax error instead of risking a stack overflow in the
 * recursive-descent parser and in the tree walkers downstream. The depth at a token is the number of open brackets
 * plus the length of the current run of prefix operators (which recurse in the parser as brackets do).
 *
 * @param maxDepth deepest depth accepted
 * @param opening  token types that open a bracket
 * @param closing  token types that close one (an unbalanced close never makes the depth negative)
 * @param prefix   token types of prefix operators (empty where they do not recurse)
 */
public record NestingLimit(int maxDepth, Set<Integer> opening, Set<Integer> closing, Set<Integer> prefix) {

    public NestingLimit {
        opening = Set.copyOf(opening);
        closing = Set.copyOf(closing);
        prefix = Set.copyOf(prefix);
    }

    Walk walk() {
        return new Walk();
    }

    /** The depth count of one left-to-right pass over the tokens. */
    final class Walk {
        private int brackets;
        private int prefixRun;

        boolean tooDeepAt(Token t) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                return false; // whitespace and comments a grammar keeps on a hidden channel neither nest nor break a run
            }
            int type = t.getType();
            if (opening.contains(type)) {
                brackets++;
                prefixRun = 0;
            } else if (closing.contains(type)) {
                brackets = Math.max(0, brackets - 1);
                prefixRun = 0;
            } else if (prefix.contains(type)) {
                prefixRun++;
            } else {
                prefixRun = 0;
            }
            return brackets + prefixRun > maxDepth;
        }
    }
}
