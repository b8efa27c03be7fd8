package io.ruleforge.evaluate.eql;

/**
 * EQL wildcard patterns (for {@code :} and {@code like}): {@code *} matches any run of characters, {@code ?} exactly
 * one, everything else (backslash included) is literal; there is no escape. The whole value must match.
 */
final class WildcardMatcher {

    private WildcardMatcher() {
    }

    /** Iterative matching with single-star backtracking: linear for typical patterns, no regex compilation. */
    static boolean matches(String pattern, String value) {
        int p = 0;
        int v = 0;
        int starP = -1;
        int starV = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))
                    && pattern.charAt(p) != '*') {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = p++;
                starV = v;
            } else if (starP >= 0) {
                p = starP + 1;
                v = ++starV;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
