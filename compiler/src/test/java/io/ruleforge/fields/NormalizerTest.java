package io.ruleforge.fields;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lowercase normalizer lowercases code point by code point, as Lucene's LowerCaseFilter does
 * ({@link Character#toLowerCase(int)}), not as {@link String#toLowerCase()} does: the values where the two part
 * are the ones below (Elasticsearch's own answers for them are in NormalizerDifferentialIT).
 */
class NormalizerTest {

    @Test
    void lowercaseWorksCodePointByCodePoint() {
        Normalizer lowercase = Normalizer.LOWERCASE;
        assertThat(lowercase.normalize("MSBuild.EXE")).isEqualTo("msbuild.exe");
        // İ is one code point, i; String.toLowerCase adds a combining dot
        assertThat(lowercase.normalize("İSTANBUL")).isEqualTo("istanbul").isNotEqualTo("İSTANBUL".toLowerCase(java.util.Locale.ROOT));
        // a final capital sigma is σ, not the final form ς String.toLowerCase chooses
        assertThat(lowercase.normalize("ΟΔΥΣΣΕΥΣ")).isEqualTo("οδυσσευσ");
        assertThat(lowercase.normalize("\u212Aelvin")).isEqualTo("kelvin");
        assertThat(lowercase.normalize("\u01C5")).isEqualTo("\u01C6");
        // a letter outside the Basic Multilingual Plane (Deseret) keeps its two UTF-16 units
        assertThat(lowercase.normalize("\uD801\uDC00x")).isEqualTo("\uD801\uDC28x");
        assertThat(lowercase.normalize("straße")).isEqualTo("straße");
        assertThat(lowercase.normalize("C:\\Windows\\*")).isEqualTo("c:\\windows\\*");
    }

    @Test
    void noNormalizerAndAnEmptyCustomOneLeaveValuesAsTheyAre() {
        assertThat(Normalizer.NONE.normalize("MSBuild.exe")).isEqualTo("MSBuild.exe");
        assertThat(Normalizer.custom("keep", List.of(), List.of()).normalize("MSBuild.exe")).isEqualTo("MSBuild.exe");
        assertThat(Normalizer.custom("lower", List.of("lowercase"), List.of()).normalize("MSBuild.exe")).isEqualTo("msbuild.exe");
    }

    @Test
    void aNormalizerThatIsNotModelledIsRefusedNamingWhy() {
        Normalizer folding = Normalizer.custom("folding", List.of("lowercase", "asciifolding"), List.of());
        assertThat(folding.isModelled()).isFalse();
        assertThatThrownBy(() -> folding.normalize("Café"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the normalizer [folding] is not modelled by ruleforge: its filter \"asciifolding\" is not"
                        + " modelled (only lowercase is)");
        assertThat(Normalizer.custom("upper", List.of("uppercase"), List.of()).isModelled()).isFalse();
        assertThat(Normalizer.custom("quoted", List.of("lowercase"), List.of("quotes")).isModelled()).isFalse();
    }
}
