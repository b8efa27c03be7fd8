package io.ruleforge.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JsonMessagesTest {

    private static String messageOf(String json) {
        JsonProcessingException e = catchThrowableOfType(() -> new ObjectMapper().readTree(json), JsonProcessingException.class);
        return JsonMessages.oneLine(e.getOriginalMessage());
    }

    @Test
    void jacksonsDecorationsAreSaidInTheUsersWords() {
        assertThat(messageOf("{\n  \"a\": [1, 2}")).isEqualTo("Unexpected close marker '}': expected ']' (for Array"
                + " starting at line 2, column 8)");
        JsonProcessingException oneLine = catchThrowableOfType(() -> new ObjectMapper().readTree("{\"a\": [1, 2}"),
                JsonProcessingException.class);
        assertThat(JsonMessages.oneLineOfALine(oneLine.getOriginalMessage())).endsWith("(for Array starting at column 7)");
        String tooLong = messageOf("\"" + "x".repeat(20_000_001) + "\"");
        assertThat(tooLong).startsWith("String value length (").endsWith(") exceeds the maximum allowed (20000000)")
                .doesNotContain("StreamReadConstraints", "`");
        assertThat(messageOf("{\"a\": tru}")).doesNotContain("Source", "REDACTED", "\n");
    }

    @Test
    void whatFollowsALinesValueIsNamed() {
        assertThat(JsonMessages.afterValue("  {\"b\":2}")).isEqualTo(
                "expected one event per line, found a second JSON value after the first (put each event on its own line)");
        assertThat(JsonMessages.afterValue("xx ")).isEqualTo("expected one event per line, found 'xx' after the event");
        assertThat(JsonMessages.afterValue("y".repeat(50))).endsWith("'" + "y".repeat(39) + "…' after the event");
    }
}
