package io.ruleforge.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * {@link Utf8Lines} for a stream too large to hold: hands out one line at a time, each decoded as strict UTF-8 on its
 * own, so that a bad byte is reported at its line and column instead of failing the whole read. Line ends are
 * {@code \n} or {@code \r\n} (a lone {@code \r} ends no line); a byte-order mark at the start is dropped. The stream
 * is read in blocks, never a byte at a time. Memory: the longest line.
 */
public final class Utf8LineReader {

    private static final Runnable NOTHING = () -> { };

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private int number;
    private boolean first = true;

    public Utf8LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of the stream. */
    public Utf8Lines.Line next() throws IOException {
        byte[] bytes = nextBytes(NOTHING);
        return bytes == null ? null : Utf8Lines.decode(number, bytes);
    }

    /**
     * The next line's bytes without its line end, or null at the end of the stream. {@code beforeWaiting} runs when no
     * byte of the line has arrived yet and none is at hand: a caller that buffers its answers flushes them there, so
     * a client writing one line and waiting for its answer is never left waiting.
     */
    public byte[] nextBytes(Runnable beforeWaiting) throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                if (!any && in.available() == 0) {
                    beforeWaiting.run();
                }
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            length = append(length, end);
            boolean newline = end < limit;
            position = newline ? end + 1 : end;
            if (newline) {
                break;
            }
        }
        number++;
        int from = 0;
        if (first) {
            first = false;
            if (length >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF) {
                from = 3;
            }
        }
        int to = length > from && line[length - 1] == '\r' ? length - 1 : length;
        return Arrays.copyOfRange(line, from, to);
    }

    private int append(int length, int end) {
        int n = end - position;
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
        System.arraycopy(buffer, position, line, length, n);
        return length + n;
    }
}
