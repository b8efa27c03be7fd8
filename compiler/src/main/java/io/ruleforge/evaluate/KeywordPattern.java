package io.ruleforge.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * A case-sensitive Lucene wildcard pattern made only of literals and {@code *} (what detection rules nearly
 * always write: {@code *\\rundll32.exe}, {@code *-enc*}), matched with {@code startsWith}/{@code indexOf}/
 * {@code endsWith} instead of a regular expression. Patterns with {@code ?} or case-insensitive ones keep
 * {@link WildcardPattern}.
 */
record KeywordPattern(String prefix, List<String> middle, String suffix, boolean exact) {

    /** Null when the pattern needs the general matcher. */
    static KeywordPattern of(String pattern) {
        List<String> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                literal.append(pattern.charAt(++i));
            } else if (c == '?') {
                return null;
            } else if (c == '*') {
                parts.add(literal.toString());
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        parts.add(literal.toString());
        if (parts.size() == 1) {
            return new KeywordPattern(parts.get(0), List.of(), "", true);
        }
        return new KeywordPattern(parts.get(0), List.copyOf(parts.subList(1, parts.size() - 1)),
                parts.get(parts.size() - 1), false);
    }

    boolean matches(String term) {
        if (exact) {
            return term.equals(prefix);
        }
        if (term.length() < prefix.length() + suffix.length() || !term.startsWith(prefix) || !term.endsWith(suffix)) {
            return false;
        }
        int from = prefix.length();
        int end = term.length() - suffix.length();
        for (String m : middle) {
            int at = term.indexOf(m, from);
            if (at < 0 || at + m.length() > end) {
                return false;
            }
            from = at + m.length();
        }
        return true;
    }
}
