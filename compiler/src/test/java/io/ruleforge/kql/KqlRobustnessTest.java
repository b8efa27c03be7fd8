package io.ruleforge.kql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.dsl.DslCompiler;
import io.ruleforge.dsl.DslTranslationException;
import io.ruleforge.eql.EqlParseResult;
import io.ruleforge.eql.EqlParser;
import io.ruleforge.eqlgen.EqlGenerator;
import io.ruleforge.eqlgen.EqlTranslation;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Whatever the input, the front end answers with a parsed query or exactly one positioned syntax error, and the
 * back ends accept every parsed query: no exception, no stack overflow, no hang (the timeouts only guard against a
 * hang; the assertions are about the outcome).
 */
class KqlRobustnessTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MEGABYTE = 1 << 20;

    /** Characters that matter to the grammar, plus letters that spell keywords, whitespace and astral text. */
    private static final String[] ALPHABET = {
            "(", ")", ":", "<", ">", "=", "\"", "*", "{", "}", "\\", "\\", " ", " ", " ", "\t", "\n", "\r", "\u00A0",
            "a", "n", "d", "o", "r", "t", "N", "O", "T", "x", "1", ".", "u", "0", "😀", "\uD83D", "é", "-", "@"};

    @Test
    void randomInputYieldsAQueryOrExactlyOnePositionedErrorAndNeverThrows() {
        Random random = new Random(20_250_101L);
        List<DslCompiler> compilers = List.of(
                new DslCompiler(KibanaVersion.V7_17, FieldSchema.none()),
                new DslCompiler(KibanaVersion.V8_9, FieldSchema.none()),
                new DslCompiler(KibanaVersion.V8_12, EcsSchemas.load("9.4.0")));
        EqlGenerator eql = new EqlGenerator(EcsSchemas.load("9.4.0"));
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < 10_000; i++) {
            StringBuilder query = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                query.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String q = query.toString();
            for (KibanaVersion version : KibanaVersion.values()) {
                KqlParseResult result = KqlParser.parse(q, version);
                if (result instanceof KqlParseResult.Failure failure) {
                    assertWellFormedError(q, failure.error());
                    rejected++;
                    continue;
                }
                parsed++;
                KqlNode root = ((KqlParseResult.Success) result).query().root();
                for (DslCompiler compiler : compilers) {
                    try {
                        assertSerialisable(compiler.compile(root), q);
                    } catch (DslTranslationException e) {
                        // Kibana's own refusal (nested-field misuse with a schema): must carry a position
                        assertThat(e.span().start()).as(q).isBetween(0, q.length());
                    }
                }
                // what the EQL back end writes must be EQL; what it refuses must say where
                EqlTranslation translation = eql.translate(root);
                if (translation instanceof EqlTranslation.Expressed expressed) {
                    assertThat(EqlParser.parse(expressed.query())).as(q + " -> " + expressed.query())
                            .isInstanceOf(EqlParseResult.Success.class);
                } else {
                    EqlTranslation.NotExpressible refused = (EqlTranslation.NotExpressible) translation;
                    assertThat(refused.reason()).as(q).isNotBlank();
                    assertThat(refused.span().start()).as(q).isBetween(0, q.length());
                }
            }
        }
        assertThat(parsed).as("random input parsed at least sometimes").isGreaterThan(500);
        assertThat(rejected).as("random input rejected at least sometimes").isGreaterThan(500);
    }

    private static void assertWellFormedError(String query, KqlSyntaxError error) {
        assertThat(error.offset()).as(query).isBetween(0, query.length());
        // line and column recomputed independently: CR LF, LF and a lone CR each end a line
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < error.offset(); i++) {
            char c = query.charAt(i);
            boolean crBeforeLf = c == '\r' && i + 1 < query.length() && query.charAt(i + 1) == '\n';
            if (c == '\n' || (c == '\r' && !crBeforeLf)) {
                line++;
                lineStart = i + 1;
            }
        }
        assertThat(error.line()).as(query).isEqualTo(line);
        // columns count code points (an emoji, or a lone surrogate, is one column)
        assertThat(error.column()).as(query).isEqualTo(query.codePointCount(lineStart, error.offset()) + 1);
        assertThat(error.expected()).as(query).isNotBlank();
        assertThat(error.found()).as(query).isNotBlank();
        assertThat(error.message()).as(query)
                .isEqualTo("Expected " + error.expected() + " but " + error.found() + " found.");
    }

    private static void assertSerialisable(JsonNode dsl, String query) {
        try {
            assertThat(MAPPER.writeValueAsString(dsl)).as(query).startsWith("{");
        } catch (JsonProcessingException e) {
            fail("DSL of " + query + " does not serialise", e);
        }
    }

    // ------------------------------------------------------------------ size

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tenThousandOrTermsParseAndCompile() {
        StringBuilder q = new StringBuilder("process.name:v0");
        for (int i = 1; i < 10_000; i++) {
            q.append(i % 2 == 0 ? " or " : " OR ").append("process.name:v").append(i);
        }
        KqlNode root = parse(q.toString());
        assertThat(root).isInstanceOf(KqlNode.Or.class);
        assertThat(((KqlNode.Or) root).children()).hasSize(10_000);

        JsonNode dsl = new DslCompiler(KibanaVersion.V8_12, EcsSchemas.load("9.4.0")).compile(root);
        JsonNode should = dsl.path("bool").path("should");
        assertThat(should.size()).isEqualTo(10_000);
        assertThat(should.get(9_999).toString()).isEqualTo("{\"bool\":{\"should\":[{\"term\":{\"process.name\":"
                + "{\"value\":\"v9999\"}}}],\"minimum_should_match\":1}}");
        assertThat(new EqlGenerator(EcsSchemas.load("9.4.0")).translate(root))
                .isInstanceOf(EqlTranslation.Expressed.class);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void oneMegabyteQueriesParse() {
        String chain = "a:1 and ".repeat(MEGABYTE / 8) + "a:1";
        assertThat(chain.length()).isGreaterThan(MEGABYTE);
        assertThat(((KqlNode.And) parse(chain)).children()).hasSize(MEGABYTE / 8 + 1);

        String longValue = "message:" + "x".repeat(MEGABYTE);
        KqlNode.Is is = (KqlNode.Is) parse(longValue);
        assertThat(((KqlValue.Literal) is.value()).value()).isEqualTo("x".repeat(MEGABYTE));

        String longQuoted = "message:\"" + "word \\\" ".repeat(MEGABYTE / 8) + "\"";
        assertThat(parse(longQuoted)).isInstanceOf(KqlNode.Is.class);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void errorsAtTheEndOfAMegabyteQueryArePositioned() {
        String unterminated = "a:1 and ".repeat(MEGABYTE / 8) + "b:\"never closed";
        KqlSyntaxError quote = error(unterminated);
        assertThat(quote.offset()).isEqualTo(unterminated.indexOf('"'));

        String dangling = "a:1 or ".repeat(MEGABYTE / 7) + "b:";
        KqlSyntaxError end = error(dangling);
        assertThat(end.offset()).isEqualTo(dangling.length());
        assertThat(end.found()).isEqualTo("end of input");
    }

    // ------------------------------------------------------------------ depth

    @ParameterizedTest
    @ValueSource(strings = {"(", "not (", "x:(", "x:{", "x:(not ", "x:{ y:("})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void nestingFarBeyondTheLimitIsOneErrorAtTheFirstBracketTooMany(String opener) {
        String q = opener.repeat(50_000) + "a";
        KqlSyntaxError e = error(q);
        int bracketsPerOpener = (int) opener.chars().filter(c -> c == '(' || c == '{').count();
        int openersWithinLimit = KqlParser.MAX_NESTING_DEPTH / bracketsPerOpener;
        int firstTooMany = nthBracket(q, KqlParser.MAX_NESTING_DEPTH + 1);
        assertThat(openersWithinLimit).isPositive();
        assertThat(e.offset()).isEqualTo(firstTooMany);
        assertThat(e.expected()).contains(String.valueOf(KqlParser.MAX_NESTING_DEPTH));
    }

    @Test
    void deepestAcceptedQueryCompilesAndSerialisesInEveryMode() {
        int depth = KqlParser.MAX_NESTING_DEPTH;
        String q = "a:1 or not (".repeat(depth) + "b:2" + ")".repeat(depth);
        KqlNode root = parse(q);
        for (KibanaVersion version : KibanaVersion.values()) {
            assertSerialisable(new DslCompiler(version, FieldSchema.none()).compile(root), version.label());
        }
    }

    private static int nthBracket(String q, int n) {
        int seen = 0;
        for (int i = 0; i < q.length(); i++) {
            if ((q.charAt(i) == '(' || q.charAt(i) == '{') && ++seen == n) {
                return i;
            }
        }
        throw new AssertionError("fewer than " + n + " brackets");
    }

    private static KqlNode parse(String q) {
        KqlParseResult result = KqlParser.parse(q, KibanaVersion.V8_12);
        if (result instanceof KqlParseResult.Failure failure) {
            throw new AssertionError("unexpected syntax error " + failure.error());
        }
        return ((KqlParseResult.Success) result).query().root();
    }

    private static KqlSyntaxError error(String q) {
        KqlParseResult result = KqlParser.parse(q, KibanaVersion.V8_12);
        assertThat(result).isInstanceOf(KqlParseResult.Failure.class);
        return ((KqlParseResult.Failure) result).error();
    }
}
