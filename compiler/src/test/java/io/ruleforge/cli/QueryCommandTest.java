package io.ruleforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ruleforge query}; expected DSL from KQL_SPEC §5.3, §7 and §9 (Kibana's own output). */
class QueryCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String CMD_MATCH =
            "{\"bool\":{\"should\":[{\"match\":{\"process.name\":\"cmd.exe\"}}],\"minimum_should_match\":1}}";

    private record Run(int exitCode, String out, String err) {
        JsonNode json() throws IOException {
            return MAPPER.readTree(out);
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RuleforgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aFilebeatModulesKeywordFieldIsTranslatedAsAKeywordForRulesOnFilebeat() throws Exception {
        // filebeat's aws module maps aws.cloudtrail.user_identity.type as keyword: Kibana sends a wildcard query
        Run filebeat = run("query", "--index", "filebeat-*", "aws.cloudtrail.user_identity.type: Root*");
        assertThat(filebeat.json().at("/bool/should/0/wildcard/aws.cloudtrail.user_identity.type/value").asText()).isEqualTo("Root*");
        assertThat(filebeat.err()).isEmpty();
        // an index no Elastic schema describes knows no type for it: query_string, and an unknown-field warning
        Run other = run("query", "--index", "other-*", "aws.cloudtrail.user_identity.type: Root*");
        assertThat(other.json().at("/bool/should/0/query_string/query").asText()).isEqualTo("Root*");
        assertThat(other.err()).contains("[RF4001]");
    }

    @Test
    void printsKibanasDslWithoutFields() throws IOException {
        Run run = run("query", "--kibana", "8.9", "--schema", "none", "process.name:cmd.exe");
        assertThat(run.exitCode()).isZero();
        assertThat(run.json()).isEqualTo(MAPPER.readTree(CMD_MATCH));
        assertThat(run.out()).as("pretty-printed").contains("\n  ");
    }

    @Test
    void keywordFieldsOfTheEcsSchemaGetTermQueries() throws IOException {
        Run run = run("query", "--kibana", "8.12", "--schema", "ecs", "process.name:cmd.exe");
        assertThat(run.json()).isEqualTo(MAPPER.readTree(
                "{\"bool\":{\"should\":[{\"term\":{\"process.name\":{\"value\":\"cmd.exe\"}}}],\"minimum_should_match\":1}}"));
    }

    @Test
    void aTemplateTypesTheFieldsOfTheIndicesItCoversOnly(@TempDir Path dir) throws IOException {
        Path template = dir.resolve("fw.json");
        Files.writeString(template, "{\"index_patterns\":[\"fw-*\"],\"template\":{\"mappings\":{\"properties\":"
                + "{\"fw\":{\"properties\":{\"action\":{\"type\":\"keyword\"}}}}}}}");
        String term = "{\"bool\":{\"should\":[{\"term\":{\"fw.action\":{\"value\":\"deny\"}}}],\"minimum_should_match\":1}}";
        String match = "{\"bool\":{\"should\":[{\"match\":{\"fw.action\":\"deny\"}}],\"minimum_should_match\":1}}";
        // without --index the query is taken to search every index, so every mapping applies
        assertThat(run("query", "--mapping", template.toString(), "fw.action:deny").json()).isEqualTo(MAPPER.readTree(term));
        assertThat(run("query", "--mapping", template.toString(), "--index", "fw-2026.*", "fw.action:deny").json())
                .isEqualTo(MAPPER.readTree(term));
        assertThat(run("query", "--mapping", template.toString(), "--index", "proxy-*", "fw.action:deny").json())
                .isEqualTo(MAPPER.readTree(match));
        Run missing = run("query", "--mapping", dir.resolve("nope.json").toString(), "fw.action:deny");
        assertThat(missing.exitCode()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(missing.err()).contains("mapping file", "nope.json", "does not exist");
    }

    @Test
    void aBrokenMappingFileIsNamedWithItsPositionAndCode(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"properties\": {\n  \"a\": {\"type\": \"keyword\"},\n}}\n");
        Run malformed = run("query", "--mapping", broken.toString(), "a:1");
        assertThat(malformed.exitCode()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(malformed.err()).contains(broken + ":3:1: error: malformed JSON: ", "[RF4010]")
                .doesNotContain("REDACTED", "Source:", "at com.");
        Path nonsense = dir.resolve("nonsense.json");
        Files.writeString(nonsense, "{\"properties\": {\"a\": {\"type\": \"nonsense\"}}}");
        Run unknown = run("query", "--mapping", nonsense.toString(), "a:1");
        assertThat(unknown.exitCode()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(unknown.err()).contains(nonsense + ":1:31: error: field a has the type \"nonsense\"", "[RF4011]");
    }

    @Test
    void engineWrapsTheQueryLikeBuildEsQueryAndAddsTheTimeRange() throws IOException {
        Run run = run("query", "--to", "engine", "--schema", "none", "process.name:cmd.exe");
        assertThat(run.exitCode()).isZero();
        assertThat(run.json()).isEqualTo(MAPPER.readTree("{\"bool\":{\"filter\":["
                + "{\"bool\":{\"must\":[],\"filter\":[" + CMD_MATCH + "],\"should\":[],\"must_not\":[]}},"
                + "{\"range\":{\"@timestamp\":{\"lte\":\"now\",\"gte\":\"now-6m\",\"format\":\"strict_date_optional_time\"}}}]}}"));
    }

    @Test
    void engineDropsMatchAllTakesTheTimeRangeAndUsesZuluForDates() throws IOException {
        Run empty = run("query", "--to", "engine", "--from", "now-1h", "--to-time", "now-5m", "");
        assertThat(empty.json()).isEqualTo(MAPPER.readTree("{\"bool\":{\"filter\":["
                + "{\"bool\":{\"must\":[],\"filter\":[],\"should\":[],\"must_not\":[]}},"
                + "{\"range\":{\"@timestamp\":{\"lte\":\"now-5m\",\"gte\":\"now-1h\",\"format\":\"strict_date_optional_time\"}}}]}}"));

        Run dated = run("query", "--to", "engine", "--schema", "ecs", "@timestamp >= now-1d");
        assertThat(dated.json().at("/bool/filter/0/bool/filter/0")).isEqualTo(MAPPER.readTree(
                "{\"bool\":{\"should\":[{\"range\":{\"@timestamp\":{\"gte\":\"now-1d\",\"time_zone\":\"Zulu\"}}}],"
                        + "\"minimum_should_match\":1}}"));
    }

    @Test
    void printsEqlText() {
        Run run = run("query", "--to", "eql", "--schema", "ecs", "process.name:cmd.exe and destination.port:443");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("any where process.name == \"cmd.exe\" and destination.port == 443");
    }

    @Test
    void queryWithoutEqlEquivalentIsAPositionedError() {
        Run run = run("query", "--to", "eql", "--schema", "ecs", "process.name:x and cmd.exe");
        assertThat(run.exitCode()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(run.err()).startsWith("1:20: error: no EQL equivalent");
    }

    @Test
    void syntaxErrorIsPositionedWithACaretLine() {
        Run run = run("query", "a:1 b:2");
        assertThat(run.exitCode()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(run.out()).isEmpty();
        List<String> lines = run.err().lines().toList();
        // with validate's code for it, as every finding prints (probe29: the code was missing here)
        assertThat(lines.get(0)).startsWith("1:6: error: Expected ").endsWith(" but \":\" found. [RF3001]");
        assertThat(lines.get(1)).isEqualTo("a:1 b:2");
        assertThat(lines.get(2)).isEqualTo("     ^");
    }

    @Test
    void syntaxErrorOnALaterLineShowsThatLine() {
        Run run = run("query", "a:1 and\n\tb:2 c:3");
        List<String> lines = run.err().lines().toList();
        assertThat(lines.get(0)).startsWith("2:7: error: ");
        assertThat(lines.get(1)).isEqualTo("\tb:2 c:3");
        assertThat(lines.get(2)).isEqualTo("\t     ^");
    }

    @Test
    void jsonlAnswersEveryLineInOrderAndExitsZero(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("queries.jsonl");
        Files.writeString(input, String.join("\n",
                "{\"id\":1,\"query\":\"process.name:cmd.exe\"}",
                "{\"id\":\"two\",\"query\":\"a:1 b:2\"}",
                "not json",
                "",
                "{\"id\":{\"n\":5},\"query\":\"a:1 and\\n  b:2 c:3\"}",
                "{\"id\":6}",
                "{\"query\":\"\\\"unterminated\"}") + "\n", StandardCharsets.UTF_8);
        Run run = run("query", "--jsonl", "--input", input.toString(), "--kibana", "8.9", "--schema", "none");
        assertThat(run.exitCode()).isZero();
        List<JsonNode> answers = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            answers.add(MAPPER.readTree(line));
        }
        assertThat(answers).hasSize(7);
        assertThat(answers.get(0)).isEqualTo(MAPPER.readTree("{\"id\":1,\"dsl\":" + CMD_MATCH + "}"));

        JsonNode syntax = answers.get(1);
        assertThat(syntax.get("id").asText()).isEqualTo("two");
        assertThat(syntax.at("/error/line").asInt()).isEqualTo(1);
        assertThat(syntax.at("/error/column").asInt()).isEqualTo(6);
        assertThat(syntax.at("/error/message").asText()).startsWith("Expected ");

        for (int malformed : new int[] {2, 3, 5}) {
            assertThat(answers.get(malformed).has("error")).as("line %d", malformed + 1).isTrue();
            assertThat(answers.get(malformed).has("dsl")).isFalse();
        }
        assertThat(answers.get(2).get("id").isNull()).isTrue();
        assertThat(answers.get(5).get("id").asInt()).isEqualTo(6);

        assertThat(answers.get(4).get("id")).isEqualTo(MAPPER.readTree("{\"n\":5}"));
        assertThat(answers.get(4).at("/error/line").asInt()).isEqualTo(2);
        assertThat(answers.get(4).at("/error/column").asInt()).isEqualTo(8);
        assertThat(answers.get(6).at("/error/column").asInt()).isEqualTo(1);
    }

    @Test
    void jsonlRefusesALineThatIsNotExactlyOneUtf8ObjectAndAnswersWithItsIdWhenItCanBeRead(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("q.jsonl");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(("{\"id\":1,\"query\":\"a:1\"} trailing\n"
                + "{\"id\":2,\"query\":\"a:1\",\"query\":\"b:2\"}\n"
                + "{\"id\":3,\"query\":\"a:").getBytes(StandardCharsets.UTF_8));
        bytes.write(0xff); // not UTF-8
        bytes.write(("\"}\r\n"
                + "{\"id\":4,\"query\":\"process.name:cmd.exe\"}\n"
                + "{\"id\":5,\"id\":6,\"query\":\"a:1\"}\n").getBytes(StandardCharsets.UTF_8));
        Files.write(input, bytes.toByteArray());

        Run run = run("query", "--jsonl", "--input", input.toString(), "--kibana", "8.9", "--schema", "none");

        assertThat(run.exitCode()).isZero();
        List<JsonNode> answers = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            answers.add(MAPPER.readTree(line));
        }
        assertThat(answers).hasSize(5);
        assertThat(answers.get(0).get("id").asInt()).isEqualTo(1);
        assertThat(answers.get(0).at("/error/message").asText()).isEqualTo("input line 1 has more text after its JSON object at column 24");
        assertThat(answers.get(0).has("dsl")).isFalse();
        assertThat(answers.get(1).get("id").asInt()).isEqualTo(2);
        assertThat(answers.get(1).at("/error/message").asText()).startsWith("input line 2 has the key \"query\" twice");
        assertThat(answers.get(2).get("id").asInt()).isEqualTo(3);
        assertThat(answers.get(2).at("/error/message").asText())
                .isEqualTo("input line 3 is not valid UTF-8: byte 20 (0xff) cannot be decoded");
        assertThat(answers.get(3)).isEqualTo(MAPPER.readTree("{\"id\":4,\"dsl\":" + CMD_MATCH + "}"));
        assertThat(answers.get(4).get("id").isNull()).as("which of the two ids?").isTrue();
        assertThat(answers.get(4).at("/error/message").asText()).startsWith("input line 5 has the key \"id\" twice");
    }

    @Test
    void aJsonlLineWithAnEscapeOfHalfACharacterIsRefusedAndAPairIsTranslated(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("q.jsonl");
        Files.writeString(input, "{\"id\":1,\"query\":\"process.name:\\ud800x\"}\n"
                + "{\"id\":2,\"query\":\"process.name:\\ud83d\\ude00\"}\n"
                + "{\"id\":\"a\\udc00\",\"query\":\"a:1\"}\n", StandardCharsets.UTF_8);

        Run run = run("query", "--jsonl", "--input", input.toString(), "--kibana", "8.9", "--schema", "none");

        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(MAPPER.readTree(lines.get(0)).at("/error/message").asText()).isEqualTo("input line 1 at /query: expected a"
                + " Unicode character, found an escape of half of one (\\ud800, a lone surrogate), which no output could hold");
        assertThat(MAPPER.readTree(lines.get(0)).get("id").asInt()).isEqualTo(1);
        assertThat(MAPPER.readTree(lines.get(1)).at("/dsl/bool/should/0/match/process.name").asText()).isEqualTo("\uD83D\uDE00");
        // an id that could only be answered as "?" is not answered at all
        assertThat(MAPPER.readTree(lines.get(2)).get("id").isNull()).isTrue();
        assertThat(MAPPER.readTree(lines.get(2)).at("/error/message").asText()).startsWith("input line 3 at /id: ");
    }

    @Test
    void aJsonlLineWithAStringOverTheReadersLimitGetsAnErrorThatSaysSo(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("q.jsonl");
        int limit = 20_000_000; // Jackson's default maximum string length
        Files.writeString(input, "{\"id\":1,\"query\":\"" + "a".repeat(limit + 1) + "\"}\n{\"id\":2,\"query\":\"process.name:cmd.exe\"}\n",
                StandardCharsets.UTF_8);

        Run run = run("query", "--jsonl", "--input", input.toString(), "--kibana", "8.9", "--schema", "none");

        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(MAPPER.readTree(lines.get(0)).at("/error/message").asText())
                .isEqualTo("input line 1 holds a value longer than the JSON reader's limit of 20000000 characters");
        assertThat(MAPPER.readTree(lines.get(1)).has("dsl")).isTrue();
    }

    @Test
    void jsonlInputThatIsADirectoryIsAUsageError(@TempDir Path dir) {
        Run run = run("query", "--jsonl", "--input", dir.toString());
        assertThat(run.exitCode()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(run.err()).contains("is a directory").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void jsonlWithEqlWritesEqlStrings(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("q.jsonl");
        Files.writeString(input, "{\"id\":1,\"query\":\"process.name:*\"}\n", StandardCharsets.UTF_8);
        Run run = run("query", "--jsonl", "--input", input.toString(), "--to", "eql");
        assertThat(MAPPER.readTree(run.out())).isEqualTo(
                MAPPER.readTree("{\"id\":1,\"eql\":\"any where process.name != null\"}"));
    }

    @Test
    void theFieldChecksOfValidateRunHereToo() {
        // type misuse is an error, positioned and with a hint, and nothing is printed
        Run misuse = run("query", "process.name:cmd.exe and destination.port:https");
        assertThat(misuse.exitCode()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(misuse.out()).isEmpty();
        List<String> lines = misuse.err().lines().toList();
        assertThat(lines.get(0)).isEqualTo("1:26: error: \"https\" is not a number, and destination.port is a long field: "
                + "Elasticsearch rejects the query [RF4005]");
        assertThat(lines.get(2)).isEqualTo(" ".repeat(25) + "^");
        assertThat(lines.get(3)).isEqualTo("    hint: use a number");
        assertThat(run("query", "@timestamp > \"not-a-date\"").exitCode()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        // even where Kibana's translation knows no field types (--schema none), as validate does
        assertThat(run("query", "--schema", "none", "destination.port >= 1e999").exitCode()).isEqualTo(RuleforgeCli.EXIT_FAILED);

        // an unknown field is a warning with a suggestion; the query is still translated
        Run typo = run("query", "user.nmae:root");
        assertThat(typo.exitCode()).isZero();
        assertThat(typo.out()).contains("user.nmae");
        // --index defaults to "*": every index, so ECS and all of Elastic's data sources
        assertThat(typo.err()).startsWith("1:1: warning: field user.nmae is not in ecs-9.4.0+elastic (")
                .contains(" index patterns) [RF4001]")
                .contains("    hint: did you mean user.name?");
    }

    @Test
    void jsonlReportsFieldErrorsAsErrors(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("q.jsonl");
        Files.writeString(input, "{\"id\":1,\"query\":\"destination.port:https\"}\n", StandardCharsets.UTF_8);
        JsonNode answer = MAPPER.readTree(run("query", "--jsonl", "--input", input.toString()).out());
        assertThat(answer.at("/error/column").asInt()).isEqualTo(1);
        assertThat(answer.at("/error/message").asText()).endsWith("[RF4005]");
        assertThat(answer.has("dsl")).isFalse();
    }

    @Test
    void aTimeRangeElasticsearchCannotParseIsBadUsage() {
        Run garbage = run("query", "--to", "engine", "--from", "garbage", "process.name:cmd.exe");
        assertThat(garbage.exitCode()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(garbage.out()).isEmpty();
        assertThat(garbage.err()).contains("--from", "\"garbage\"").doesNotContain("Exception");
        assertThat(run("query", "--to", "engine", "--to-time", "now+1x", "a:1").exitCode()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(run("query", "--to", "engine", "--from", "2024-01-31T00:00:00Z", "--to-time", "now/d", "process.name:cmd.exe")
                .exitCode()).isZero();
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(run("query", "--kibana", "6.8", "a:1").exitCode()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(run("query", "--schema", "nope", "a:1").exitCode()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(run("query").exitCode()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(run("query", "--jsonl", "a:1").exitCode()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(run("query", "--to", "sql", "a:1").exitCode()).isEqualTo(RuleforgeCli.EXIT_USAGE);
    }
}
