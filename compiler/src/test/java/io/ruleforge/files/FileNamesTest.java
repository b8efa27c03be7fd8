package io.ruleforge.files;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTest {

    @Test
    void aNameThatFitsIsLeftAlone() {
        assertThat(FileNames.fit("TEST-ruleforge.", "cmd", ".xml")).isEqualTo("TEST-ruleforge.cmd.xml");
        String exactly = "x".repeat(255 - ".json".length());
        assertThat(FileNames.fit("", exactly, ".json")).isEqualTo(exactly + ".json");
    }

    @Test
    void aLongNameIsCutToTheLimitAndTaggedSoThatTwoLongNamesStayApart() {
        String one = "r".repeat(300) + "1";
        String two = "r".repeat(300) + "2";
        String first = FileNames.fit("TEST-ruleforge.", one, ".xml");
        String second = FileNames.fit("TEST-ruleforge.", two, ".xml");
        assertThat(first.getBytes(StandardCharsets.UTF_8)).hasSize(255);
        assertThat(first).startsWith("TEST-ruleforge.rrr").endsWith(".xml").matches(".*~[0-9a-f]{8}\\.xml");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void theLimitIsInBytesAndACharacterIsNeverCutInHalf() {
        String name = FileNames.fit("", "é".repeat(200), ".json"); // 400 bytes of stem
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(255);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(name).startsWith("éé").doesNotContain("\uFFFD");
    }
}
