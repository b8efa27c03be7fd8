package io.ruleforge.eql.functions;

import java.util.List;

/** {@code number(s[, base])}: integers (with {@code 0x} auto-detected as hex) or decimals; null when unparsable. */
final class NumberParsing {

    private NumberParsing() {
    }

    static Object number(List<Object> args) {
        if (!(args.get(0) instanceof String raw)) {
            return null;
        }
        int base = 10;
        if (args.size() > 1 && args.get(1) != null) {
            if (!(args.get(1) instanceof Long b) || b < Character.MIN_RADIX || b > Character.MAX_RADIX) {
                return null;
            }
            base = b.intValue();
        }
        String s = raw.strip();
        String sign = "";
        if (s.startsWith("-") || s.startsWith("+")) {
            sign = s.substring(0, 1);
            s = s.substring(1);
        }
        if ((base == 10 || base == 16) && (s.startsWith("0x") || s.startsWith("0X"))) {
            // 0x selects hex when no base is given, and is tolerated with base 16
            base = 16;
            s = s.substring(2);
        }
        try {
            return Long.parseLong(sign + s, base);
        } catch (NumberFormatException notAnInteger) {
            if (base != 10) {
                return null;
            }
            try {
                double d = Double.parseDouble(sign + s);
                return Double.isFinite(d) && !s.isEmpty() && Character.isDigit(s.charAt(s.length() - 1)) ? d : null;
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
    }
}
