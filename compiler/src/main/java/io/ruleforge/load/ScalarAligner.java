package io.ruleforge.load;

/**
 * Maps each character of a decoded YAML scalar back to its offset in the file, by walking the decoded value and
 * the source side by side: quotes, escape sequences, block indicators and indentation exist only in the source.
 * YAML has too many scalar styles to replay exactly; this alignment is exact for the styles rules use (plain,
 * quoted, literal blocks) and degrades to the scalar's start position, never to a wrong file.
 */
final class ScalarAligner {

    /** How far the walk may skip source characters looking for the next decoded one before giving up. */
    private static final int MAX_SKIP = 256;

    private ScalarAligner() {
    }

    static int[] align(String source, int start, String decoded) {
        int[] offsets = new int[decoded.length() + 1];
        int s = contentStart(source, start);
        boolean doubleQuoted = start < source.length() && source.charAt(start) == '"';
        boolean singleQuoted = start < source.length() && source.charAt(start) == '\'';
        int i = 0;
        for (; i < decoded.length(); i++) {
            char d = decoded.charAt(i);
            int skipped = 0;
            while (s < source.length() && skipped <= MAX_SKIP) {
                char c = source.charAt(s);
                if (doubleQuoted && c == '\\') {
                    offsets[i] = s;
                    s += escapeLength(source, s);
                    break;
                }
                if (c == d) {
                    offsets[i] = s;
                    s += singleQuoted && c == '\'' ? 2 : 1;
                    break;
                }
                if (d == ' ' && (c == '\n' || c == '\r')) {
                    // a folded line break reads as one space
                    offsets[i] = s;
                    s = skipLineBreakAndIndent(source, s);
                    break;
                }
                s++;
                skipped++;
            }
            if (s >= source.length() || skipped > MAX_SKIP) {
                break;
            }
        }
        for (; i < decoded.length(); i++) {
            offsets[i] = start;
        }
        offsets[decoded.length()] = Math.min(s, Math.max(source.length() - 1, 0));
        return offsets;
    }

    /** Literal and folded blocks start on the line after their indicator; quoted scalars after the quote. */
    private static int contentStart(String source, int start) {
        if (start >= source.length()) {
            return start;
        }
        char c = source.charAt(start);
        if (c == '|' || c == '>') {
            int nl = source.indexOf('\n', start);
            return nl < 0 ? source.length() : nl + 1;
        }
        if (c == '"' || c == '\'') {
            return start + 1;
        }
        return start;
    }

    private static int escapeLength(String source, int s) {
        if (s + 1 >= source.length()) {
            return 1;
        }
        return switch (source.charAt(s + 1)) {
            case 'x' -> 4;
            case 'u' -> 6;
            case 'U' -> 10;
            case '\n' -> skipLineBreakAndIndent(source, s + 1) - s;
            default -> 2;
        };
    }

    private static int skipLineBreakAndIndent(String source, int s) {
        int p = s;
        while (p < source.length() && (source.charAt(p) == '\n' || source.charAt(p) == '\r'
                || source.charAt(p) == ' ' || source.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }
}
