package io.ruleforge.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a whole user file as strict UTF-8, for the readers that parse a file as one document (mappings, the version
 * lock, saved events, a bundle). A byte that is not UTF-8 is reported by its line and column, as the line-by-line
 * readers ({@link Utf8Lines}) report it, instead of Java's "Input length = 1".
 */
public final class Utf8Text {

    private Utf8Text() {
    }

    /**
     * A file that is not UTF-8 text: {@link #problem()} and {@link #position} for a diagnostic; the message names
     * the line and column too, for a reader that can only say it in words.
     */
    public static final class NotUtf8Exception extends IOException {
        private final int badByte;
        private final int line;
        private final int column;

        NotUtf8Exception(int badByte, int line, int column) {
            super(Utf8Lines.notUtf8(badByte) + " at line " + line + ", column " + column);
            this.badByte = badByte;
            this.line = line;
            this.column = column;
        }

        public String problem() {
            return Utf8Lines.notUtf8(badByte);
        }

        public io.ruleforge.diag.SourcePosition position(String display) {
            return new io.ruleforge.diag.SourcePosition(display, line, column);
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    /** The file's text, without a byte-order mark at its start (as the line readers drop it). */
    public static String read(Path file) throws IOException {
        return decode(Files.readAllBytes(file));
    }

    static String decode(byte[] bytes) throws NotUtf8Exception {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            for (Utf8Lines.Line line : Utf8Lines.split(bytes)) {
                if (!line.isValid()) {
                    throw new NotUtf8Exception(line.badByte(), line.number(), line.badColumn());
                }
            }
            throw new NotUtf8Exception(bytes.length == 0 ? 0 : bytes[bytes.length - 1] & 0xff, 1, 1); // not reached
        }
    }
}
