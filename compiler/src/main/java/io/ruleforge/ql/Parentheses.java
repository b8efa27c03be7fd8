package io.ruleforge.ql;

/** Where a node stands among the parentheses of its query text (the ASTs keep no node for a group). */
public final class Parentheses {

    private Parentheses() {
    }

    /** Whether {@code span} is the whole content of a pair of parentheses in {@code text}, white space aside. */
    public static boolean enclose(String text, SourceSpan span) {
        int before = span.start() - 1;
        while (before >= 0 && before < text.length() && Character.isWhitespace(text.charAt(before))) {
            before--;
        }
        int after = span.end();
        while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
            after++;
        }
        return before >= 0 && before < text.length() && text.charAt(before) == '(' && after < text.length() && text.charAt(after) == ')';
    }

    /** The text of {@code span} on one line, its middle cut when long: how a note quotes a part of the query. */
    public static String quoted(String text, SourceSpan span) {
        String written = text.substring(Math.min(span.start(), text.length()), Math.min(span.end(), text.length()))
                .replaceAll("\\s+", " ").strip();
        return written.length() <= 60 ? written : written.substring(0, 28) + " … " + written.substring(written.length() - 28);
    }
}
