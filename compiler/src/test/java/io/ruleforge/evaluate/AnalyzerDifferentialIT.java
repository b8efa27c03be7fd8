package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.testing.TestElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluator's text analysis (match, match_phrase, query_string on {@code text} fields) splits and lower-cases as a
 * real Elasticsearch's {@code standard} analyzer does: its {@code _analyze} API against {@link StandardAnalyzer} on
 * texts mixed from the characters where word segmentation is subtle — emoji with modifiers, joiners, variation
 * selectors and flags, the zero-width and no-break spaces, CJK, kana, Hangul, Thai, combining marks, apostrophes,
 * dots, colons and underscores between letters and digits, and words longer than 255 characters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyzerDifferentialIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PIECES = {"a", "Z", "cmd", "EXE", "0", "42", "3.14", ".", ",", "'", "’", "_", "-",
            ":", "/", "\\", "@", "?", "*", " ", "  ", "\t", "\u00A0", "\u2007", "\u202F", "\u200B", "\u200D", "\u3000",
            "\u0301", "é", "Σ", "ß", "İ", "東", "京", "ひらがな", "カタカナ", "ｶﾀｶﾅ", "한국어", "ภาษาไทย", "العربية",
            "😀", "👍", "🏽", "🏻", "❤", "\uFE0F", "🇺", "🇸", "✅", "©", "™", "★", "‼", "⁉", "#", "1️⃣", "👩‍💻",
            "\uD801\uDC00", "x"};

    @RegisterExtension
    final TestElasticsearch elasticsearch = new TestElasticsearch();

    @Test
    void textIsAnalysedAsElasticsearchsStandardAnalyzerDoes() {
        Random random = new Random(1128);
        List<String> texts = new ArrayList<>(List.of("hi 😀 there", "abc\u200Bdef", "abc\u202Fdef", "abc🏻def",
                "abc‼def", "abc⁉def", "it's cmd.exe", "10.0.0.1:443", "x".repeat(300) + " y", "ab" + "😀".repeat(200)));
        for (int i = 0; i < 600; i++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(12);
            for (int p = 0; p < pieces; p++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            texts.add(text.toString());
        }
        EngineClient client = elasticsearch.client();
        List<String> disagreements = new ArrayList<>();
        int tokens = 0;
        for (String text : texts) {
            ObjectNode request = JSON.createObjectNode();
            request.put("analyzer", "standard");
            request.put("text", text);
            EngineClient.Response response = client.post("/_analyze", request);
            assertThat(response.ok()).as(response.body().toString()).isTrue();
            List<String> expected = new ArrayList<>();
            for (JsonNode token : response.body().path("tokens")) {
                expected.add(token.path("token").asText());
            }
            List<String> ours = StandardAnalyzer.analyze(text);
            tokens += expected.size();
            if (!ours.equals(expected)) {
                disagreements.add(codePoints(text) + ": Elasticsearch " + expected + ", ruleforge " + ours);
            }
        }
        System.out.printf("analyzer differential: %d texts, %d tokens, %d disagreements%n", texts.size(), tokens,
                disagreements.size());
        assertThat(tokens).isGreaterThan(texts.size());
        assertThat(disagreements).isEmpty();
    }

    private static String codePoints(String text) {
        StringBuilder out = new StringBuilder("\"" + text + "\" (");
        text.codePoints().forEach(cp -> out.append(String.format("U+%04X ", cp)));
        return out.toString().strip() + ")";
    }
}
