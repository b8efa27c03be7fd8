package io.ruleforge.files;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8LineReaderTest {

    @Test
    void linesEndAtLineFeedsWithOrWithoutACarriageReturnAndAByteOrderMarkIsDropped() throws IOException {
        String longLine = "x".repeat(200_000); // longer than a read block: a line across blocks
        Utf8LineReader reader = new Utf8LineReader(new ByteArrayInputStream(("\uFEFFa\r\nb\n\n" + longLine + "\nc\rd")
                .getBytes(StandardCharsets.UTF_8)));
        List<String> lines = new ArrayList<>();
        for (Utf8Lines.Line line; (line = reader.next()) != null; ) {
            lines.add(line.number() + ":" + line.text());
        }
        assertThat(lines).containsExactly("1:a", "2:b", "3:", "4:" + longLine, "5:c\rd");
    }

    /** query --jsonl flushes its answers there: a client that writes a line and waits must get the answer. */
    @Test
    void theHookRunsBeforeWaitingForALineNotWhileOneIsAtHand() throws IOException {
        List<String> events = new ArrayList<>();
        InputStream oneLineAtATime = new InputStream() {
            private final byte[][] chunks = {"q1\n".getBytes(StandardCharsets.UTF_8), "q2\n".getBytes(StandardCharsets.UTF_8)};
            private int next;

            @Override
            public int read() {
                throw new UnsupportedOperationException("read a byte at a time");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (next == chunks.length) {
                    events.add("end");
                    return -1;
                }
                byte[] chunk = chunks[next++];
                events.add("read " + new String(chunk, StandardCharsets.UTF_8).strip());
                System.arraycopy(chunk, 0, b, off, chunk.length);
                return chunk.length;
            }

            @Override
            public int available() {
                return 0; // nothing at hand: the client waits for the answer to what it wrote
            }
        };
        Utf8LineReader reader = new Utf8LineReader(oneLineAtATime);
        for (byte[] line; (line = reader.nextBytes(() -> events.add("flush"))) != null; ) {
            events.add("answer " + new String(line, StandardCharsets.UTF_8));
        }
        assertThat(events).containsExactly("flush", "read q1", "answer q1", "flush", "read q2", "answer q2", "flush", "end");
    }
}
