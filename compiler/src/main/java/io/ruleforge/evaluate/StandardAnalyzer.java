package io.ruleforge.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * Elasticsearch's {@code standard} analyzer: Unicode word segmentation (an approximation of UAX#29 as Lucene's
 * StandardTokenizer implements it), lower-casing, tokens capped at 255 characters. No stop words (the ES default).
 *
 * <p>Why not {@link java.text.BreakIterator}: the JDK's word rules differ from UAX#29 on exactly the characters
 * detection rules are full of ({@code .}, {@code :}, {@code _}), e.g. UAX#29 keeps {@code cmd.exe},
 * {@code 10.1.2.3} and {@code foo_bar} as single tokens.
 */
public final class StandardAnalyzer {

    static final int MAX_TOKEN_LENGTH = 255;

    private enum WordBreak { LETTER, NUMERIC, KATAKANA, IDEOGRAPHIC, MID_LETTER, MID_NUM, MID_NUM_LET, EXTEND_NUM_LET, EXTEND, OTHER }

    private StandardAnalyzer() {
    }

    /** Lower-cased tokens in order; their index is their position. */
    public static List<String> analyze(String text) {
        List<String> tokens = new ArrayList<>();
        int[] cps = text.codePoints().toArray();
        int i = 0;
        while (i < cps.length) {
            WordBreak start = classify(cps[i]);
            if (start == WordBreak.IDEOGRAPHIC) {
                // Han and Hiragana are emitted one character at a time.
                int end = skipExtend(cps, i + 1);
                emit(cps, i, end, tokens);
                i = end;
                continue;
            }
            if (start != WordBreak.LETTER && start != WordBreak.NUMERIC && start != WordBreak.KATAKANA
                    && start != WordBreak.EXTEND_NUM_LET) {
                i++;
                continue;
            }
            int end = wordEnd(cps, i);
            if (start != WordBreak.EXTEND_NUM_LET || containsWordChar(cps, i, end)) {
                emit(cps, i, end, tokens);
            }
            i = end;
        }
        return tokens;
    }

    /** The analyzer's normalisation of a wildcard pattern or term: lower-casing only. */
    static String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().map(Character::toLowerCase).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    private static int wordEnd(int[] cps, int from) {
        int i = skipExtend(cps, from + 1);
        WordBreak prev = classify(cps[from]);
        while (i < cps.length) {
            WordBreak cur = classify(cps[i]);
            if (joins(prev, cur)) {
                prev = cur;
                i = skipExtend(cps, i + 1);
                continue;
            }
            // WB6/7, WB11/12: a single middle punctuation between two letters or two numbers.
            if (i + 1 < cps.length && isMid(cur)) {
                int next = i + 1;
                WordBreak after = classify(cps[next]);
                boolean letters = prev == WordBreak.LETTER && after == WordBreak.LETTER
                        && (cur == WordBreak.MID_LETTER || cur == WordBreak.MID_NUM_LET);
                boolean numbers = prev == WordBreak.NUMERIC && after == WordBreak.NUMERIC
                        && (cur == WordBreak.MID_NUM || cur == WordBreak.MID_NUM_LET);
                if (letters || numbers) {
                    prev = after;
                    i = skipExtend(cps, next + 1);
                    continue;
                }
            }
            break;
        }
        return i;
    }

    private static boolean joins(WordBreak prev, WordBreak cur) {
        boolean wordish = prev == WordBreak.LETTER || prev == WordBreak.NUMERIC;
        return switch (cur) {
            case LETTER, NUMERIC -> wordish || prev == WordBreak.EXTEND_NUM_LET;           // WB5, WB8-10, WB13b
            case KATAKANA -> prev == WordBreak.KATAKANA || prev == WordBreak.EXTEND_NUM_LET; // WB13, WB13b
            case EXTEND_NUM_LET -> wordish || prev == WordBreak.KATAKANA || prev == WordBreak.EXTEND_NUM_LET; // WB13a
            default -> false;
        };
    }

    private static boolean isMid(WordBreak w) {
        return w == WordBreak.MID_LETTER || w == WordBreak.MID_NUM || w == WordBreak.MID_NUM_LET;
    }

    /** WB4: combining marks and format characters attach to whatever precedes them. */
    private static int skipExtend(int[] cps, int from) {
        int i = from;
        while (i < cps.length && classify(cps[i]) == WordBreak.EXTEND) {
            i++;
        }
        return i;
    }

    private static boolean containsWordChar(int[] cps, int from, int to) {
        for (int i = from; i < to; i++) {
            if (classify(cps[i]) != WordBreak.EXTEND_NUM_LET) {
                return true;
            }
        }
        return false;
    }

    private static void emit(int[] cps, int from, int to, List<String> tokens) {
        for (int start = from; start < to; start += MAX_TOKEN_LENGTH) {
            StringBuilder sb = new StringBuilder();
            for (int i = start; i < Math.min(to, start + MAX_TOKEN_LENGTH); i++) {
                sb.appendCodePoint(Character.toLowerCase(cps[i]));
            }
            tokens.add(sb.toString());
        }
    }

    private static WordBreak classify(int cp) {
        switch (cp) {
            case ':', 0x00B7, 0x0387, 0x05F4, 0x2027, 0xFE13, 0xFE55, 0xFF1A:
                return WordBreak.MID_LETTER;
            case '.', '\'', 0x2018, 0x2019, 0x2024, 0xFE52, 0xFF07, 0xFF0E:
                return WordBreak.MID_NUM_LET;
            case ',', ';', 0x037E, 0x0589, 0x060C, 0x060D, 0x066C, 0x07F8, 0x2044, 0xFE10, 0xFE14, 0xFE50, 0xFE54,
                    0xFF0C, 0xFF1B:
                return WordBreak.MID_NUM;
            default:
                break;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        // The prolonged sound mark and kana iteration marks are script Common but word-break Katakana.
        if (script == Character.UnicodeScript.KATAKANA && Character.isLetter(cp)
                || (cp >= 0x3031 && cp <= 0x3035) || cp == 0x309B || cp == 0x309C || cp == 0x30A0 || cp == 0x30FC
                || cp == 0xFF70) {
            return WordBreak.KATAKANA;
        }
        if (Character.isIdeographic(cp) || script == Character.UnicodeScript.HIRAGANA) {
            return WordBreak.IDEOGRAPHIC;
        }
        return switch (Character.getType(cp)) {
            case Character.DECIMAL_DIGIT_NUMBER -> WordBreak.NUMERIC;
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.LETTER_NUMBER -> WordBreak.LETTER;
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.FORMAT -> WordBreak.EXTEND;
            case Character.CONNECTOR_PUNCTUATION -> WordBreak.EXTEND_NUM_LET;
            default -> WordBreak.OTHER;
        };
    }
}
