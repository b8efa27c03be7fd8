package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * A version value, ordered as Elasticsearch's version field orders them: numeric parts numerically, a release
 * before its pre-releases' end ({@code 1.0.0-alpha < 1.0.0}), and invalid versions after every valid one.
 */
public record VersionValue(String text) implements Comparable<VersionValue> {

    @Override
    public int compareTo(VersionValue o) {
        Parsed a = Parsed.of(text);
        Parsed b = Parsed.of(o.text);
        if (a.valid != b.valid) {
            return a.valid ? -1 : 1;
        }
        if (!a.valid) {
            return text.compareTo(o.text);
        }
        int c = compareParts(a.main, b.main, true);
        if (c != 0) {
            return c;
        }
        if (a.pre.isEmpty() != b.pre.isEmpty()) {
            return a.pre.isEmpty() ? 1 : -1;
        }
        return compareParts(a.pre, b.pre, false);
    }

    private static int compareParts(List<String> a, List<String> b, boolean numericOnly) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            boolean xn = x.chars().allMatch(Character::isDigit);
            boolean yn = y.chars().allMatch(Character::isDigit);
            int c;
            if (xn && yn) {
                c = Long.compare(Long.parseLong(x), Long.parseLong(y));
            } else if (xn != yn) {
                c = xn ? -1 : 1;
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public String toString() {
        return text;
    }

    private record Parsed(boolean valid, List<String> main, List<String> pre) {
        static Parsed of(String text) {
            String core = text;
            int plus = core.indexOf('+');
            if (plus >= 0) {
                core = core.substring(0, plus);
            }
            String pre = "";
            int dash = core.indexOf('-');
            if (dash >= 0) {
                pre = core.substring(dash + 1);
                core = core.substring(0, dash);
            }
            List<String> main = new ArrayList<>(List.of(core.split("\\.", -1)));
            boolean valid = !core.isEmpty() && main.stream().allMatch(p -> !p.isEmpty() && p.chars().allMatch(Character::isDigit));
            List<String> preParts = pre.isEmpty() ? List.of() : List.of(pre.split("\\.", -1));
            return new Parsed(valid, main, preParts);
        }
    }
}
