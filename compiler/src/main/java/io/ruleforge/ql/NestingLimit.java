package io.ruleforge.ql;

import org.antlr.v4.runtime.Token;

import java.util.List;
import java.util.Set;

/**
 * How deep a query may nest before it is rejected as a syntax error instead of risking a stack overflow in the
 * recursive-descent parser and in the tree walkers downstream. The depth at a token is the number of open brackets
 * plus the length of the current run of prefix operators (which recurse in the parser as brackets do).
 *
 * <p>Immutable; a language keeps one. The token kinds are also kept as a table indexed by token type, because the
 * walk asks for every token of every query (three hash-set probes a token were a measurable part of parsing).
 */
public final class NestingLimit {

    private static final byte OTHER = 0;
    private static final byte OPENING = 1;
    private static final byte CLOSING = 2;
    private static final byte PREFIX = 3;

    private final int maxDepth;
    private final Set<Integer> opening;
    private final Set<Integer> closing;
    private final Set<Integer> prefix;
    private final byte[] kindOfType;

    /**
     * @param maxDepth deepest depth accepted
     * @param opening  token types that open a bracket
     * @param closing  token types that close one (an unbalanced close never makes the depth negative)
     * @param prefix   token types of prefix operators (empty where they do not recurse)
     */
    public NestingLimit(int maxDepth, Set<Integer> opening, Set<Integer> closing, Set<Integer> prefix) {
        this.maxDepth = maxDepth;
        this.opening = Set.copyOf(opening);
        this.closing = Set.copyOf(closing);
        this.prefix = Set.copyOf(prefix);
        int maxType = 0;
        for (Set<Integer> types : List.of(this.opening, this.closing, this.prefix)) {
            for (int type : types) {
                maxType = Math.max(maxType, type);
            }
        }
        kindOfType = new byte[maxType + 1];
        mark(this.prefix, PREFIX);
        mark(this.closing, CLOSING);
        mark(this.opening, OPENING); // as before: a type listed twice counts as opening first, then closing
    }

    private void mark(Set<Integer> types, byte kind) {
        for (int type : types) {
            if (type >= 0) {
                kindOfType[type] = kind;
            }
        }
    }

    public int maxDepth() {
        return maxDepth;
    }

    public Set<Integer> opening() {
        return opening;
    }

    public Set<Integer> closing() {
        return closing;
    }

    public Set<Integer> prefix() {
        return prefix;
    }

    Walk walk() {
        return new Walk();
    }

    private byte kind(int type) {
        if (type >= kindOfType.length) {
            return OTHER; // above every listed type
        }
        if (type >= 0) {
            return kindOfType[type];
        }
        // EOF (-1) and other negative types are looked up in the sets as before
        return opening.contains(type) ? OPENING : closing.contains(type) ? CLOSING : prefix.contains(type) ? PREFIX : OTHER;
    }

    /** The depth count of one left-to-right pass over the tokens. */
    final class Walk {
        private int brackets;
        private int prefixRun;

        boolean tooDeepAt(Token t) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                return false; // whitespace and comments a grammar keeps on a hidden channel neither nest nor break a run
            }
            switch (kind(t.getType())) {
                case OPENING -> {
                    brackets++;
                    prefixRun = 0;
                }
                case CLOSING -> {
                    brackets = Math.max(0, brackets - 1);
                    prefixRun = 0;
                }
                case PREFIX -> prefixRun++;
                default -> prefixRun = 0;
            }
            return brackets + prefixRun > maxDepth;
        }
    }
}
