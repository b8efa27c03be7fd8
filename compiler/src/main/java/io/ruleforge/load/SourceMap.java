package io.ruleforge.load;

import io.ruleforge.diag.SourcePosition;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a rule document stands in its file, so that every later stage can report
 * {@code file:line:column}. Values are addressed by JSON Pointer ({@code /rule/threat/0/tactic/id}).
 * Strings also map each decoded character back to the file, so an error inside a query points at the offending
 * character of the file even across escapes and multi-line strings.
 */
public final class SourceMap {

    private final String file;
    private final LineIndex lines;
    private final Map<String, Integer> valueStarts;
    private final Map<String, CharOffsets> stringCharOffsets;

    private SourceMap(String file, LineIndex lines, Map<String, Integer> valueStarts, Map<String, CharOffsets> stringCharOffsets) {
        this.file = file;
        this.lines = lines;
        this.valueStarts = Map.copyOf(valueStarts);
        this.stringCharOffsets = Map.copyOf(stringCharOffsets);
    }

    /** A map that knows no positions: every lookup gives the file itself. */
    public static SourceMap fileOnly(String file) {
        return new SourceMap(file, new LineIndex(""), Map.of(), Map.of());
    }

    /** How many values it places: what, besides the text's length, a document's size in memory grows with. */
    public int size() {
        return valueStarts.size();
    }

    public String file() {
        return file;
    }

    /** The position of the value at {@code pointer}; falls back to the closest ancestor that is known. */
    public SourcePosition positionOf(String pointer) {
        String p = pointer;
        while (true) {
            Integer start = valueStarts.get(p);
            if (start != null) {
                return at(start);
            }
            int slash = p.lastIndexOf('/');
            if (slash <= 0) {
                return SourcePosition.ofFile(file);
            }
            p = p.substring(0, slash);
        }
    }

    /** Whether the document has a value at {@code pointer} whose position is known. */
    public boolean knows(String pointer) {
        return valueStarts.containsKey(pointer);
    }

    /**
     * The position of character {@code index} of the decoded string at {@code pointer} (an index equal to the
     * string's length means "just after its last character").
     */
    public SourcePosition positionInString(String pointer, int index) {
        CharOffsets offsets = stringCharOffsets.get(pointer);
        if (offsets == null || offsets.length() == 0) {
            return positionOf(pointer);
        }
        return at(offsets.at(Math.max(0, Math.min(index, offsets.length() - 1))));
    }

    /**
     * The file offsets of a string's decoded characters as runs of consecutive offsets: {@code runStarts[r]} is the
     * index of the first character of run r and {@code runOffsets[r]} its offset. A string without escapes or line
     * continuations is one run; one int per character made these maps the largest part of a loaded corpus.
     */
    record CharOffsets(int length, int[] runStarts, int[] runOffsets) {

        static CharOffsets of(int[] offsets) {
            int runs = 0;
            for (int i = 0; i < offsets.length; i++) {
                if (i == 0 || offsets[i] != offsets[i - 1] + 1) {
                    runs++;
                }
            }
            int[] starts = new int[runs];
            int[] firstOffsets = new int[runs];
            int run = 0;
            for (int i = 0; i < offsets.length; i++) {
                if (i == 0 || offsets[i] != offsets[i - 1] + 1) {
                    starts[run] = i;
                    firstOffsets[run++] = offsets[i];
                }
            }
            return new CharOffsets(offsets.length, starts, firstOffsets);
        }

        /** The offset of character {@code index}, 0 ≤ index < length. */
        int at(int index) {
            int run = Arrays.binarySearch(runStarts, index);
            if (run < 0) {
                run = -run - 2; // the run that starts before index
            }
            return runOffsets[run] + (index - runStarts[run]);
        }
    }

    private SourcePosition at(int offset) {
        return new SourcePosition(file, lines.line(offset), lines.column(offset));
    }

    /** Collects positions while a reader walks a document. */
    static final class Builder {
        private final String file;
        private final LineIndex lines;
        private final Map<String, Integer> valueStarts = new HashMap<>();
        private final Map<String, CharOffsets> stringCharOffsets = new HashMap<>();

        Builder(String file, String text) {
            this.file = file;
            this.lines = new LineIndex(text);
        }

        LineIndex lines() {
            return lines;
        }

        boolean knows(String pointer) {
            return valueStarts.containsKey(pointer);
        }

        int offsetOf(String pointer) {
            return valueStarts.get(pointer);
        }

        /** Records the first position seen for a pointer (a table header is the position of a table). */
        void value(String pointer, int offset) {
            // interned: most pointers (/rule/name, /rule/threat/0/framework, …) recur in every rule, and a run holds
            // the source maps of every rule file, so one copy each instead of one per file
            valueStarts.putIfAbsent(pointer.intern(), offset);
        }

        /** Records a string value: {@code charOffsets[i]} is the file offset of decoded char i, plus one end entry. */
        void string(String pointer, int[] charOffsets) {
            string(pointer, CharOffsets.of(charOffsets));
        }

        /** As above, with the offsets already as runs. */
        void string(String pointer, CharOffsets charOffsets) {
            String shared = pointer.intern();
            stringCharOffsets.put(shared, charOffsets);
            if (charOffsets.length() > 0) {
                valueStarts.putIfAbsent(shared, charOffsets.runOffsets()[0]);
            }
        }

        SourceMap build() {
            return new SourceMap(file, lines, valueStarts, stringCharOffsets);
        }
    }

}
