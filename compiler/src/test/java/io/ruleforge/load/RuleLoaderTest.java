package io.ruleforge.load;

import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.SourcePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleLoaderTest {

    static final String TOML = """
            [metadata]
            creation_date = "2020/02/18"
            maturity = "production"
            updated_date = "2020/03/18"

            [rule]
            author = ["ruleforge"]
            description = "Line one.\\nLine \\"two\\"."
            name = "Twin"
            risk_score = 21
            rule_id = "3b7bd5a6-0f0e-4a3c-9b1a-6e3f5c2d1e00"
            severity = "low"
            tags = ["a", "b"]
            type = "query"
            language = "kuery"
            query = '''
            process.name:cmd.exe and
              not destination.ip:10.0.0.0/8
            '''

            [[rule.threat]]
            framework = "MITRE ATT&CK"

            [rule.threat.tactic]
            id = "TA0002"
            name = "Execution"
            reference = "https://attack.mitre.org/tactics/TA0002/"

            [[rule.threat.technique]]
            id = "T1059"
            name = "Command-Line Interface"
            reference = "https://attack.mitre.org/techniques/T1059/"

            [[rule.threat]]
            framework = "MITRE ATT&CK"

            [rule.threat.tactic]
            id = "TA0011"
            name = "Command and Control"
            reference = "https://attack.mitre.org/tactics/TA0011/"
            """;

    static final String YAML = """
            metadata:
              creation_date: "2020/02/18"
              maturity: production
              updated_date: "2020/03/18"
            rule:
              author: [ruleforge]
              description: "Line one.\\nLine \\"two\\"."
              name: Twin
              risk_score: 21
              rule_id: 3b7bd5a6-0f0e-4a3c-9b1a-6e3f5c2d1e00
              severity: low
              tags: [a, b]
              type: query
              language: kuery
              query: |
                process.name:cmd.exe and
                  not destination.ip:10.0.0.0/8
              threat:
                - framework: MITRE ATT&CK
                  tactic:
                    id: TA0002
                    name: Execution
                    reference: https://attack.mitre.org/tactics/TA0002/
                  technique:
                    - id: T1059
                      name: Command-Line Interface
                      reference: https://attack.mitre.org/techniques/T1059/
                - framework: MITRE ATT&CK
                  tactic:
                    id: TA0011
                    name: Command and Control
                    reference: https://attack.mitre.org/tactics/TA0011/
            """;

    @TempDir
    Path dir;

    private RuleDocument load(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return new RuleLoader(dir).load(file);
    }

    private Diagnostic failure(String name, byte[] content) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, content);
        try {
            new RuleLoader(dir).load(file);
        } catch (DiagnosticException e) {
            return e.diagnostic();
        }
        throw new AssertionError("expected " + name + " to be rejected");
    }

    @Test
    void tomlAndYamlOfTheSameRuleLoadToTheSameTree() throws Exception {
        RuleDocument toml = load("twin.toml", TOML);
        RuleDocument yaml = load("twin.yaml", YAML);
        assertThat(yaml.tree()).isEqualTo(toml.tree());
        assertThat(toml.at("/rule/threat/1/tactic/id").asText()).isEqualTo("TA0011");
        assertThat(toml.at("/rule/description").asText()).isEqualTo("Line one.\nLine \"two\".");
    }

    @Test
    void tomlPositionsNameTheValueNotTheKey() throws Exception {
        RuleDocument doc = load("twin.toml", TOML);
        SourceMap map = doc.sourceMap();
        assertThat(map.positionOf("/rule/risk_score")).isEqualTo(new SourcePosition("twin.toml", 10, 14));
        assertThat(map.positionOf("/rule/threat/1/tactic/id")).isEqualTo(new SourcePosition("twin.toml", 38, 6));
        assertThat(map.positionOf("/rule/threat/0/technique/0/name")).isEqualTo(new SourcePosition("twin.toml", 31, 8));
        // an unknown pointer falls back to the closest known ancestor
        assertThat(map.positionOf("/rule/threat/0/tactic/nothing")).isEqualTo(map.positionOf("/rule/threat/0/tactic"));
    }

    @Test
    void charactersOfAMultiLineTomlQueryMapToTheirFilePositions() throws Exception {
        RuleDocument doc = load("twin.toml", TOML);
        String query = doc.at("/rule/query").asText();
        int not = query.indexOf("not");
        assertThat(doc.sourceMap().positionInString("/rule/query", 0)).isEqualTo(new SourcePosition("twin.toml", 17, 1));
        assertThat(doc.sourceMap().positionInString("/rule/query", not)).isEqualTo(new SourcePosition("twin.toml", 18, 3));
    }

    @Test
    void escapesInABasicTomlStringShiftPositions() throws Exception {
        RuleDocument doc = load("twin.toml", TOML);
        String description = doc.at("/rule/description").asText();
        // 'L' of "Line \"two\"" stands after the two-character escape \n in the file
        int secondLine = description.indexOf("Line \"");
        assertThat(doc.sourceMap().positionInString("/rule/description", secondLine))
                .isEqualTo(new SourcePosition("twin.toml", 8, 27));
    }

    @Test
    void yamlPositionsIncludeBlockScalarCharacters() throws Exception {
        RuleDocument doc = load("twin.yaml", YAML);
        SourceMap map = doc.sourceMap();
        assertThat(map.positionOf("/rule/risk_score")).isEqualTo(new SourcePosition("twin.yaml", 9, 15));
        assertThat(map.positionOf("/rule/threat/1/tactic/id")).isEqualTo(new SourcePosition("twin.yaml", 30, 13));
        String query = doc.at("/rule/query").asText();
        assertThat(map.positionInString("/rule/query", query.indexOf("not"))).isEqualTo(new SourcePosition("twin.yaml", 17, 7));
    }

    /** Two astral characters (two UTF-16 chars each) before what is reported: columns must count them once. */
    private static final String EMOJI = "\uD83D\uDE00\uD83D\uDE00";

    @Test
    void columnsCountCodePointsInEveryTomlPosition() throws Exception {
        RuleDocument doc = load("e.toml", "[rule]\nname = \"" + EMOJI + "\"\nrisk_score = 1\n"
                + "tags = [\"" + EMOJI + "\", \"b\"]\n"
                + "query = \"" + EMOJI + " x:1\"\n");
        // tags = ["😀😀", "b"]: the quote of "b" is the 15th code point of the line (17th UTF-16 char)
        assertThat(doc.sourceMap().positionOf("/rule/tags/1")).isEqualTo(new SourcePosition("e.toml", 4, 15));
        // query = "😀😀 x:1": the x is the 13th code point
        String query = doc.at("/rule/query").asText();
        assertThat(doc.sourceMap().positionInString("/rule/query", query.indexOf('x'))).isEqualTo(new SourcePosition("e.toml", 5, 13));

        Diagnostic syntax = failure("s.toml", ("[rule]\nname = \"" + EMOJI + "\" x\n").getBytes(StandardCharsets.UTF_8));
        assertThat(syntax.code()).isEqualTo(LoadCodes.TOML_SYNTAX);
        assertThat(syntax.position()).isEqualTo(new SourcePosition("s.toml", 2, 13));
    }

    @Test
    void columnsCountCodePointsInEveryYamlPosition() throws Exception {
        RuleDocument doc = load("e.yaml", "rule:\n  tags: [\"" + EMOJI + "\", b]\n");
        assertThat(doc.sourceMap().positionOf("/rule/tags/1")).isEqualTo(new SourcePosition("e.yaml", 2, 16));

        Diagnostic syntax = failure("s.yaml", ("rule:\n  name: \"" + EMOJI + "\" x\n").getBytes(StandardCharsets.UTF_8));
        assertThat(syntax.code()).isEqualTo(LoadCodes.YAML_SYNTAX);
        assertThat(syntax.position()).isEqualTo(new SourcePosition("s.yaml", 2, 14));
    }

    @Test
    void aYamlAliasIsNamedAsWritten() throws Exception {
        Diagnostic d = failure("alias.yaml", ("rule:\n  name: &a0 x\n  tags: [\"" + EMOJI + "\", *a0]\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(d.code()).isEqualTo(LoadCodes.YAML_SYNTAX);
        assertThat(d.message()).contains("(*a0)").doesNotContain("null");
        assertThat(d.position()).isEqualTo(new SourcePosition("alias.yaml", 3, 16));
    }

    @Test
    void malformedTomlIsAPositionedSyntaxError() throws Exception {
        Diagnostic d = failure("bad.toml", "[rule]\nname = \"x\"\nrisk_score = = 3\n".getBytes(StandardCharsets.UTF_8));
        assertThat(d.code()).isEqualTo(LoadCodes.TOML_SYNTAX);
        assertThat(d.position().line()).isEqualTo(3);
        assertThat(d.position().column()).isGreaterThan(1);
        assertThat(d.format()).startsWith("bad.toml:3:").contains("error: TOML syntax error");
    }

    @Test
    void duplicateTomlKeysAreRejected() throws Exception {
        Diagnostic d = failure("dup.toml", "[rule]\nname = \"x\"\nname = \"y\"\n".getBytes(StandardCharsets.UTF_8));
        assertThat(d.code()).isEqualTo(LoadCodes.TOML_SYNTAX);
        assertThat(d.position().line()).isEqualTo(3);
    }

    @Test
    void malformedYamlIsAPositionedSyntaxError() throws Exception {
        Diagnostic d = failure("bad.yaml", "rule:\n  name: [unclosed\n  risk_score: 3\n".getBytes(StandardCharsets.UTF_8));
        assertThat(d.code()).isEqualTo(LoadCodes.YAML_SYNTAX);
        assertThat(d.position().isKnown()).isTrue();
        assertThat(d.message()).startsWith("YAML syntax error");
    }

    @Test
    void aYamlTagThatMakesNoJsonValueIsNamedAtItsValue() throws Exception {
        Diagnostic d = failure("tag.yaml", "rule:\n  name: a\n  risk_score: !!binary aGVsbG8=\n".getBytes(StandardCharsets.UTF_8));
        assertThat(d.code()).isEqualTo(LoadCodes.YAML_SYNTAX);
        assertThat(d.position().line()).isEqualTo(3);
        assertThat(d.message()).contains("YAML tags such as !!binary are not supported").doesNotContain("VALUE_EMBEDDED_OBJECT");
    }

    /** TOML and YAML forbid an escape of half a character; Jackson lets it through and every output would print "?". */
    @Test
    void anEscapeOfHalfACharacterIsAnErrorAtItsValue() throws Exception {
        Diagnostic toml = failure("half.toml", "[metadata]\n[rule]\nname = \"Enc \\ud800 x\"\n".getBytes(StandardCharsets.UTF_8));
        assertThat(toml.code()).isEqualTo(LoadCodes.TOML_SYNTAX);
        assertThat(toml.position().line()).isEqualTo(3);
        assertThat(toml.message()).isEqualTo("TOML syntax error: expected a Unicode character, found an escape of half of one"
                + " (\\ud800, a lone surrogate), which no output could hold");
        Diagnostic yaml = failure("half.yaml", "rule:\n  tags:\n    - ok\n    - \"Net \\udc00 x\"\n".getBytes(StandardCharsets.UTF_8));
        assertThat(yaml.code()).isEqualTo(LoadCodes.YAML_SYNTAX);
        assertThat(yaml.position().line()).isEqualTo(4);
        assertThat(yaml.message()).contains("(\\udc00, a lone surrogate)");
        // a pair that makes one character (an emoji) is fine
        assertThat(load("pair.toml", "[metadata]\n[rule]\nname = \"Enc \\ud83d\\ude00 x\"\n").at("/rule/name").asText())
                .isEqualTo("Enc \ud83d\ude00 x");
    }

    @Test
    void duplicateYamlKeysAreRejected() throws Exception {
        Diagnostic d = failure("dup.yaml", "rule:\n  name: a\n  name: b\n".getBytes(StandardCharsets.UTF_8));
        assertThat(d.code()).isEqualTo(LoadCodes.YAML_SYNTAX);
        assertThat(d.message()).contains("name");
        assertThat(d.position().line()).isEqualTo(3);
    }

    @Test
    void aYamlListAtTheTopIsNotARule() throws Exception {
        Diagnostic d = failure("list.yaml", "- a\n- b\n".getBytes(StandardCharsets.UTF_8));
        assertThat(d.code()).isEqualTo(LoadCodes.NOT_A_TABLE);
        assertThat(d.message()).contains("found array");
    }

    @Test
    void nonUtf8BytesAreNamedWithTheirPosition() throws Exception {
        byte[] latin1 = "[rule]\nname = \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1);
        Diagnostic d = failure("latin1.toml", latin1);
        assertThat(d.code()).isEqualTo(LoadCodes.NOT_UTF8);
        assertThat(d.position()).isEqualTo(new SourcePosition("latin1.toml", 2, 12));
        assertThat(d.message()).isEqualTo("expected UTF-8 text, found the byte 0xE9");
    }

    @Test
    void emptyBinaryAndOversizedFilesAreRejectedWithoutParsing() throws Exception {
        assertThat(failure("empty.toml", new byte[0]).code()).isEqualTo(LoadCodes.EMPTY);
        assertThat(failure("blank.yaml", "  \n\n".getBytes(StandardCharsets.UTF_8)).code()).isEqualTo(LoadCodes.EMPTY);
        Diagnostic binary = failure("garbage.toml", new byte[] {'a', '=', 0, 1, 2});
        assertThat(binary.code()).isEqualTo(LoadCodes.BINARY);
        assertThat(binary.position()).isEqualTo(new SourcePosition("garbage.toml", 1, 3));
        byte[] huge = new byte[(int) RuleLoader.MAX_FILE_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) '#');
        assertThat(failure("huge.toml", huge).code()).isEqualTo(LoadCodes.TOO_LARGE);
    }

    @Test
    void deepYamlNestingIsRefusedWithAPosition() throws Exception {
        String deep = "a: " + "[".repeat(200) + "]".repeat(200) + "\n";
        Diagnostic d = failure("deep.yaml", deep.getBytes(StandardCharsets.UTF_8));
        assertThat(d.code()).isEqualTo(LoadCodes.YAML_SYNTAX);
        assertThat(d.message()).contains("nesting");
    }

    @Test
    void aDirectoryLoadsEveryRuleFileAndReportsEveryBadOne() throws Exception {
        Files.writeString(dir.resolve("good.toml"), TOML);
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/good.yml"), YAML);
        Files.writeString(dir.resolve("sub/bad.yaml"), "rule: [\n");
        Files.writeString(dir.resolve("bad.toml"), "[rule\n");
        Files.writeString(dir.resolve("README.md"), "not a rule");
        Files.createDirectories(dir.resolve("target"));
        Files.writeString(dir.resolve("target/copy.toml"), TOML);

        LoadResult result = new RuleLoader(dir).loadDirectory(dir, List.of(dir.resolve("target")));

        assertThat(result.documents()).extracting(RuleDocument::displayPath).containsExactly("good.toml", "sub/good.yml");
        assertThat(result.diagnostics()).extracting(x -> x.position().file()).containsExactlyInAnyOrder("bad.toml", "sub/bad.yaml");
    }
}
