package io.ruleforge.harness;

import io.ruleforge.diag.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FixtureLoaderTest {

    @TempDir
    Path dir;

    private FixtureLoader.Result load(String positive) throws Exception {
        return load(positive.getBytes(StandardCharsets.UTF_8));
    }

    private FixtureLoader.Result load(byte[] positive) throws Exception {
        Files.createDirectories(dir.resolve("fixtures/cmd"));
        Files.write(dir.resolve("fixtures/cmd/positive.ndjson"), positive);
        return new FixtureLoader(dir.resolve("fixtures"), dir).load("cmd");
    }

    @Test
    void aSecondValueAfterTheFirstIsAnErrorAtItsFirstCharacter() throws Exception {
        FixtureLoader.Result result = load("{\"a\":1}{\"b\":2}\n{\"c\":3}  garbage\n{\"d\":4}\n");
        assertThat(result.diagnostics()).extracting(Diagnostic::format).containsExactly(
                "fixtures/cmd/positive.ndjson:1:8: error: expected one event per line, found a second JSON value after the first"
                        + " (put each event on its own line) [RF6001]",
                "fixtures/cmd/positive.ndjson:2:10: error: expected one event per line, found 'garbage' after the event [RF6001]");
        // neither half of a line with two values is tested as if it were the whole line
        assertThat(result.fixtures().positives()).singleElement()
                .satisfies(e -> assertThat(e.source()).isEqualTo("fixtures/cmd/positive.ndjson:3"));
    }

    @Test
    void aDuplicateKeyIsAnErrorAtItsSecondOccurrence() throws Exception {
        FixtureLoader.Result result = load("{\"process\":{\"name\":\"a\",\"pid\":1,\"name\":\"b\"}}\n");
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.position().line()).isEqualTo(1);
            assertThat(d.position().column()).isEqualTo(32);
            assertThat(d.message()).contains("duplicate key \"name\" (first at column 13)");
        });
        assertThat(result.fixtures().positives()).isEmpty();
    }

    @Test
    void keysRepeatedInDifferentObjectsAreNotDuplicates() throws Exception {
        FixtureLoader.Result result = load("{\"source\":{\"ip\":\"1.1.1.1\"},\"destination\":{\"ip\":\"2.2.2.2\"}}\n[{\"a\":1},{\"a\":2}]\n");
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.fixtures().positives()).hasSize(2);
    }

    @Test
    void syntaxErrorsPointAtTheOffendingCharacterCountedInCodePoints() throws Exception {
        FixtureLoader.Result result = load(String.join("\n",
                "{\u0001\"a\":1}",            // control character between tokens: column 2
                "{\"a\":\"x\ty\"}",           // control character in a string: column 8
                "{\"a\": tru}",               // bad token: column 7, where it starts
                "{\"😀\":\"é\",\"b\":NaN}",   // the emoji is one character: NaN starts at column 14
                "{\"a\":1.e}",                // the character named is the e, column 8
                ""));
        assertThat(result.diagnostics()).extracting(d -> d.position().line() + ":" + d.position().column())
                .containsExactly("1:2", "2:8", "3:7", "4:14", "5:8");
        assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d.message()).startsWith("malformed JSON event: "));
    }

    @Test
    void anUnclosedBracketSaysWhereItWasOpened() throws Exception {
        assertThat(load("{\"a\":[1,2}\n").diagnostics()).extracting(Diagnostic::format).containsExactly(
                "fixtures/cmd/positive.ndjson:1:10: error: malformed JSON event: Unexpected close marker '}': expected ']'"
                        + " (for Array starting at column 6) [RF6001]");
    }

    @Test
    void anArrayMustHoldEvents() throws Exception {
        FixtureLoader.Result result = load("[{\"a\":1}, 2]\n[]\n\"text\"\n");
        assertThat(result.diagnostics()).extracting(d -> d.position().line() + ":" + d.position().column() + " " + d.message())
                .containsExactly(
                        "1:11 expected an array of objects (a sequence of events), found a number in the array",
                        "2:1 expected an array of objects (a sequence of events), found an empty array",
                        "3:1 expected a JSON object (an event) or an array of objects (a sequence) per line, found a string");
    }

    @Test
    void anInvalidUtf8ByteCostsItsLineOnly() throws Exception {
        byte[] good1 = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = "{\"é\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] rest = "\"}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[good1.length + bad.length + 1 + rest.length];
        System.arraycopy(good1, 0, file, 0, good1.length);
        System.arraycopy(bad, 0, file, good1.length, bad.length);
        file[good1.length + bad.length] = (byte) 0xFF;
        System.arraycopy(rest, 0, file, good1.length + bad.length + 1, rest.length);
        FixtureLoader.Result result = load(file);
        assertThat(result.diagnostics()).extracting(Diagnostic::format).containsExactly(
                "fixtures/cmd/positive.ndjson:2:7: error: expected UTF-8 text, found the byte 0xFF; the line is not read [RF6001]");
        assertThat(result.fixtures().positives()).extracting(FixtureEvent::source)
                .containsExactly("fixtures/cmd/positive.ndjson:1", "fixtures/cmd/positive.ndjson:3");
    }

    @Test
    void aUtf16OrBinaryFileIsOneErrorNotOnePerLine() throws Exception {
        byte[] utf16 = "{\"a\":1}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] withMark = new byte[utf16.length + 2];
        withMark[0] = (byte) 0xFF;
        withMark[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withMark, 2, utf16.length);
        assertThat(load(withMark).diagnostics()).extracting(Diagnostic::format).containsExactly(
                "fixtures/cmd/positive.ndjson:1:1: error: expected UTF-8 text, found UTF-16 (its byte-order mark); the file is not"
                        + " read [RF6001]");
        // without a byte-order mark: its NUL bytes, at the first one
        byte[] nul = "{\"a\":1}\n{\"b\u0000\":2}\n".getBytes(StandardCharsets.UTF_8);
        FixtureLoader.Result binary = load(nul);
        assertThat(binary.diagnostics()).extracting(Diagnostic::format).containsExactly(
                "fixtures/cmd/positive.ndjson:2:4: error: expected UTF-8 text, found a NUL byte (UTF-16 or binary data); the file is"
                        + " not read [RF6001]");
        assertThat(binary.fixtures().positives()).isEmpty();
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws Exception {
        Files.createDirectories(dir.resolve("fixtures/cmd"));
        Files.writeString(dir.resolve("fixtures/cmd/positive.ndjson"), "{\"a\":1}\n");
        FixtureLoader loader = new FixtureLoader(dir.resolve("fixtures"), dir, file -> {
            throw new AccessDeniedException(file.toString());
        });
        assertThat(loader.load("cmd").diagnostics()).extracting(Diagnostic::format).containsExactly(
                "fixtures/cmd/positive.ndjson: error: cannot read fixture file: permission denied [RF6001]");
    }

    @Test
    void brokenAndLoopingLinksAreReportedNotSkipped() throws Exception {
        Files.createDirectories(dir.resolve("fixtures/cmd"));
        Files.createSymbolicLink(dir.resolve("fixtures/cmd/positive.ndjson"), dir.resolve("nowhere.ndjson"));
        Files.createSymbolicLink(dir.resolve("fixtures/cmd/negative.ndjson"), dir.resolve("fixtures/cmd/negative.ndjson"));
        FixtureLoader.Result result = new FixtureLoader(dir.resolve("fixtures"), dir).load("cmd");
        assertThat(result.diagnostics()).extracting(Diagnostic::message).containsExactly(
                "cannot read fixture file: broken symbolic link: its target " + dir.resolve("nowhere.ndjson") + " does not exist",
                "cannot read fixture file: symbolic link loop");
    }

    @Test
    void ruleFileNamesThatAreDotsReadNothingOutsideTheFixturesDirectory() throws Exception {
        // ..toml and ...toml have the stems . and ..: the fixtures directory itself and its parent
        Files.createDirectories(dir.resolve("fixtures"));
        Files.writeString(dir.resolve("fixtures/positive.ndjson"), "{\"a\":1}\n");
        Files.writeString(dir.resolve("positive.ndjson"), "{\"a\":1}\n");
        FixtureLoader loader = new FixtureLoader(dir.resolve("fixtures"), dir);
        for (String stem : new String[]{".", ".."}) {
            assertThat(FixtureLoader.namesAFolder(stem)).isFalse();
            assertThat(loader.folderOf(stem)).isEmpty();
            assertThat(loader.load(stem).fixtures().isEmpty()).isTrue();
        }
        assertThat(FixtureLoader.namesAFolder(".hidden")).isTrue();
    }
}
