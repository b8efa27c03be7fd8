package io.ruleforge.evaluate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected tokens are what Elasticsearch's _analyze API returns for the standard analyzer. */
class StandardAnalyzerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "cmd.exe                                              | cmd.exe",
            "CMD.EXE                                              | cmd.exe",
            "Network connection detected (rule: NetworkConnect)   | network connection detected rule networkconnect",
            "C:\\Windows\\System32\\cmd.exe /c whoami             | c windows system32 cmd.exe c whoami",
            "10.0.0.0/8                                           | 10.0.0.0 8",
            "192.168.1.10                                         | 192.168.1.10",
            "powershell.exe -EncodedCommand SQBFAFgA              | powershell.exe encodedcommand sqbfafga",
            "foo_bar baz-qux                                      | foo_bar baz qux",
            "it's 1,000.5 dollars                                 | it's 1,000.5 dollars",
            "trailing. dot                                        | trailing dot",
            "Ünïcödé STRASSE                                      | ünïcödé strasse",
            "http://evil.example.com/a?b=c                        | http evil.example.com a b c",
            "東京タワー                                            | 東 京 タワー",
            // found by a black-box probe against Elasticsearch 8.19.21, whose _analyze gives these tokens: an emoji
            // (with its modifiers and joiners) is a word of its own, a zero-width space breaks a word, a narrow
            // no-break space does not
            "hi 😀 there                                          | hi 😀 there",
            "a 👍🏽 b ❤️ c 🇺🇸 d                                    | a 👍🏽 b ❤️ c 🇺🇸 d",
            "abc\u200Bdef                                        | abc def",
            "abc\u202Fdef                                        | abc\u202Fdef",
    })
    void tokenisesLikeTheStandardAnalyzer(String text, String expected) {
        assertThat(StandardAnalyzer.analyze(text)).isEqualTo(List.of(expected.split(" ")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"'   '", "'!!! ---'", "___"})
    void punctuationAloneGivesNoTokens(String text) {
        assertThat(StandardAnalyzer.analyze(text)).isEmpty();
    }
}
