package io.ruleforge.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.SourcePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleDocumentTest {

    @Test
    void keepsTheSha256OfTheTextsUtf8BytesNotTheText() {
        RuleDocument document = RuleDocument.of("rules/a.toml", SourceFormat.TOML, "abc",
                JsonNodeFactory.instance.objectNode(), SourceMap.fileOnly("rules/a.toml"));

        // FIPS 180-2, appendix B.1: SHA-256("abc")
        assertThat(document.textSha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void textsThatDifferOnlyInANonAsciiCharacterHashApart() {
        RuleDocument e = RuleDocument.of("a.toml", SourceFormat.TOML, "name = \"é\"",
                JsonNodeFactory.instance.objectNode(), SourceMap.fileOnly("a.toml"));
        RuleDocument f = RuleDocument.of("a.toml", SourceFormat.TOML, "name = \"è\"",
                JsonNodeFactory.instance.objectNode(), SourceMap.fileOnly("a.toml"));

        assertThat(e.textSha256()).isNotEqualTo(f.textSha256());
    }

    @TempDir
    Path dir;

    private static final String RULE = """
            [metadata]
            maturity = "production"

            [rule]
            name = "A"
            query = "process.name:cmd.exe"
            """;

    @Test
    void aReleasedDocumentKeepsItsNameAndDigestAndReadsItsFileAgainWhenAskedForItsTree() throws Exception {
        Path file = Files.writeString(dir.resolve("a.toml"), RULE);
        RuleDocument loaded = new RuleLoader(dir).load(file);

        RuleDocument released = loaded.released();

        assertThat(released.isAttached()).isFalse();
        assertThat(released.displayPath()).isEqualTo("a.toml");
        assertThat(released.textSha256()).isEqualTo(loaded.textSha256());
        assertThat(released).isEqualTo(loaded);
        RuleDocument again = released.attached();
        assertThat(again.isAttached()).isTrue();
        assertThat(again.at("/rule/query").asText()).isEqualTo("process.name:cmd.exe");
        // line 6, column 9: where the query's value starts in the file
        assertThat(again.sourceMap().positionOf("/rule/query")).isEqualTo(new SourcePosition("a.toml", 6, 9));
        assertThat(released.at("/rule/name").asText()).isEqualTo("A");
    }

    @Test
    void knowsTheLengthOfItsTextReleasedOrNot() throws Exception {
        Path file = Files.writeString(dir.resolve("a.toml"), RULE + "# é\n");
        RuleDocument loaded = new RuleLoader(dir).load(file);

        // chars, not bytes: é is one char and two UTF-8 bytes
        assertThat(loaded.textLength()).isEqualTo(RULE.length() + 4).isLessThan((int) Files.size(file));
        assertThat(loaded.released().textLength()).isEqualTo(loaded.textLength());
        assertThat(new RuleDocument("b.toml", SourceFormat.TOML, loaded.textSha256(), JsonNodeFactory.instance.objectNode(),
                SourceMap.fileOnly("b.toml")).textLength()).as("a document not read from a text").isZero();
    }

    @Test
    void aReleasedDocumentWhoseFileChangedIsAnErrorAtTheFileNotAMixOfTwoVersions() throws Exception {
        Path file = Files.writeString(dir.resolve("a.toml"), RULE);
        RuleDocument released = new RuleLoader(dir).load(file).released();
        Files.writeString(file, RULE.replace("cmd.exe", "powershell.exe"));

        assertThatThrownBy(released::attached)
                .isInstanceOfSatisfying(RuleDocument.RuleFileChangedException.class, e -> {
                    Diagnostic d = e.diagnostic();
                    assertThat(d.code()).isEqualTo(LoadCodes.UNREADABLE);
                    assertThat(d.isError()).isTrue();
                    assertThat(d.position()).isEqualTo(SourcePosition.ofFile("a.toml"));
                    assertThat(d.message()).isEqualTo("rule file changed while ruleforge was running "
                            + "(its text is not the one read at the start of the run): run again");
                });
    }

    @Test
    void aReleasedDocumentWhoseFileIsGoneSaysWhy() throws Exception {
        Path file = Files.writeString(dir.resolve("a.toml"), RULE);
        RuleDocument released = new RuleLoader(dir).load(file).released();
        Files.delete(file);

        assertThatThrownBy(released::attached)
                .isInstanceOf(RuleDocument.RuleFileChangedException.class)
                .hasMessageStartingWith("rule file changed while ruleforge was running (cannot read file: ");
    }

    @Test
    void aDocumentNotReadFromAFileIsNeverReleased() {
        RuleDocument inMemory = RuleDocument.of("a.toml", SourceFormat.TOML, "abc",
                JsonNodeFactory.instance.objectNode().put("x", 1), SourceMap.fileOnly("a.toml"));

        assertThat(inMemory.released()).isSameAs(inMemory);
        assertThat(inMemory.released().isAttached()).isTrue();
    }
}
