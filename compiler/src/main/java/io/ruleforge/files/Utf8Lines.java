package io.ruleforge.files;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a file's bytes into lines and decodes each as UTF-8 on its own, so that one bad byte costs one line, not
 * the file. Line ends are {@code \n} or {@code \r\n}; a byte-order mark at the start is dropped.
 */
public final class Utf8Lines {

    private Utf8Lines() {
    }

    /**
     * One line of the file.
     *
     * @param number  1-based
     * @param text    the decoded line; when it is not valid UTF-8, the text before the first bad byte
     * @param badByte the first byte that is not UTF-8 (0–255), or -1 when the line decoded
     * @param badOffset where that byte is in the line, counted in bytes from 0, or -1 when the line decoded
     */
    public record Line(int number, String text, int badByte, int badOffset) {

        public boolean isValid() {
            return badByte < 0;
        }

        /** What is wrong with the line, when it is not UTF-8 (its position is given apart). */
        public String problem() {
            return notUtf8(badByte);
        }

        /** 1-based column, in code points, of the first bad byte. */
        public int badColumn() {
            return text.codePointCount(0, text.length()) + 1;
        }
    }

    /** The words every reader uses for a byte that is not UTF-8. */
    public static String notUtf8(int badByte) {
        return String.format("expected UTF-8 text, found the byte 0x%02X", badByte);
    }

    public static List<Line> split(byte[] bytes) {
        List<Line> lines = new ArrayList<>();
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        int number = 1;
        for (int i = start; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                if (!(i == bytes.length && start == i)) {
                    lines.add(decode(number, bytes, start, end));
                }
                number++;
                start = i + 1;
            }
        }
        return lines;
    }

    /** Decodes one line's bytes (without its line end) as strict UTF-8. */
    public static Line decode(int number, byte[] line) {
        return decode(number, line, 0, line.length);
    }

    private static Line decode(int number, byte[] bytes, int from, int to) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(to - from + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            return new Line(number, out.flip().toString(), bytes[in.position()] & 0xff, in.position() - from);
        }
        decoder.flush(out);
        return new Line(number, out.flip().toString(), -1, -1);
    }
}
