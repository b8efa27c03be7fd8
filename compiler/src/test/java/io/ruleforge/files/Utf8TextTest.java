package io.ruleforge.files;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Utf8TextTest {

    @Test
    void aByteThatIsNotUtf8IsNamedWithItsLineAndColumn() {
        byte[] bytes = "{\n  \"é\": \"x\u00ff\"\n}".getBytes(StandardCharsets.UTF_8);
        byte[] broken = bytes.clone();
        // the second byte of ÿ (0xC3 0xBF) replaced: line 2, after `  "é": "x` — column 10 in characters
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf('\u00ff');
        int byteAt = new String(bytes, StandardCharsets.UTF_8).substring(0, at).getBytes(StandardCharsets.UTF_8).length;
        broken[byteAt] = (byte) 0xFF;
        assertThatThrownBy(() -> Utf8Text.decode(broken)).isInstanceOfSatisfying(Utf8Text.NotUtf8Exception.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo(10);
            assertThat(e.getMessage()).isEqualTo("expected UTF-8 text, found the byte 0xFF at line 2, column 10");
        });
    }

    @Test
    void utf8TextIsReadAsItIs() throws Exception {
        assertThat(Utf8Text.decode("a\r\nb é 😀".getBytes(StandardCharsets.UTF_8))).isEqualTo("a\r\nb é 😀");
        // a byte-order mark at the start is no text (the line readers drop it too); one later is kept
        assertThat(Utf8Text.decode("\uFEFF{\"a\":\"\uFEFF\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo("{\"a\":\"\uFEFF\"}");
    }
}
