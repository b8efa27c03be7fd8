package io.ruleforge.harness;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which Lucene constructs are decided and which are reported as not evaluated (RF6302), never run as something else. */
class LuceneSupportTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "process.name:cmd.exe AND user.name:root | -",
            // a field pattern: terms, phrases and wildcards search the fields it matches (LuceneDifferentialIT)
            "process.\\*:cmd.exe                     | -",
            "process.\\*:\"cmd.exe /c\"               | -",
            "process.\\*:cmd*                        | -",
            "_exists_:process.\\*                    | -",
            // ...regular expressions and ranges on one are not modelled
            "process.\\*:/cmd.*/                     | a regular expression on a field pattern (process.*)",
            "process.\\*:[1 TO 5]                    | a range on a field pattern (process.*)",
            "cmdd~                                   | fuzzy term (cmdd~)",
            "/cmd.*/                                 | a regular expression on all fields (/cmd.*/)",
    })
    void aConstructIsEvaluatedOrNamed(String query, String unsupported) {
        assertThat(LuceneSupport.unsupportedConstruct(query).orElse(null)).isEqualTo(unsupported);
    }
}
