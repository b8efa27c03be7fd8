package io.ruleforge.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
}
