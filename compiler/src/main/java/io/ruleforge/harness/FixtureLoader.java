package io.ruleforge.harness;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DisplayPaths;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.FileBytes;
import io.ruleforge.files.FileProblems;
import io.ruleforge.files.JsonMessages;
import io.ruleforge.files.Utf8Lines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads a rule's fixtures from {@code <fixtures>/<rule file name without extension>/positive.ndjson} and
 * {@code negative.ndjson}: one JSON event per line, or a JSON array of events (a sequence, for EQL rules). Blank
 * lines are skipped; a line starting with {@code //} is a comment describing the event below it (reports show it).
 *
 * <p>Nothing is skipped silently: every line that is not exactly one event — malformed JSON, a second value after
 * the first, a key given twice (Elasticsearch rejects the document), bytes that are not UTF-8 — is an error with
 * its line and column (in code points), and the good lines still load. A fixture file that exists but cannot be
 * read (permission, a broken or looping symbolic link, a directory) is an error too.
 */
public final class FixtureLoader {

    public static final String POSITIVE = "positive.ndjson";
    public static final String NEGATIVE = "negative.ndjson";
    /** The only files a fixture folder holds. */
    public static final List<String> FILE_NAMES = List.of(POSITIVE, NEGATIVE);

    private final ObjectMapper json = new ObjectMapper();
    private final Path fixturesDirectory;
    private final Path displayBase;
    private final FileBytes reader;

    public FixtureLoader(Path fixturesDirectory, Path displayBase) {
        this(fixturesDirectory, displayBase, FileBytes.DISK);
    }

    public FixtureLoader(Path fixturesDirectory, Path displayBase, FileBytes reader) {
        this.fixturesDirectory = fixturesDirectory;
        this.displayBase = displayBase.toAbsolutePath().normalize();
        this.reader = reader;
    }

    public record Result(RuleFixtures fixtures, List<Diagnostic> diagnostics) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    /**
     * Whether a rule file's name without extension can name its fixture folder. A rule file {@code ..toml} or
     * {@code ...toml} has the stem {@code .} or {@code ..}, which would be the fixtures directory itself or its
     * parent: such a rule has no fixture folder, and nothing outside the fixtures directory is ever read for it.
     */
    public static boolean namesAFolder(String ruleFileStem) {
        return !ruleFileStem.isEmpty() && !ruleFileStem.equals(".") && !ruleFileStem.equals("..")
                && ruleFileStem.indexOf('/') < 0 && ruleFileStem.indexOf('\\') < 0;
    }

    /** The folder a rule's fixtures live in; empty when its file name cannot name one (see {@link #namesAFolder}). */
    public Optional<Path> folderOf(String ruleFileStem) {
        return namesAFolder(ruleFileStem) ? Optional.of(fixturesDirectory.resolve(ruleFileStem)) : Optional.empty();
    }

    /** The folder display paths are relative to. */
    public Path displayBase() {
        return displayBase;
    }

    /** The folder as messages name it, e.g. {@code test-fixtures/cmd}. */
    public String displayFolderOf(String ruleFileStem) {
        return folderOf(ruleFileStem).map(this::display).orElse(display(fixturesDirectory));
    }

    public Result load(String ruleFileStem) {
        Optional<Path> folder = folderOf(ruleFileStem);
        if (folder.isEmpty()) {
            return new Result(new RuleFixtures(List.of(), List.of()), List.of());
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<FixtureEvent> positives = readEvents(folder.get().resolve(POSITIVE), diagnostics);
        List<FixtureEvent> negatives = readEvents(folder.get().resolve(NEGATIVE), diagnostics);
        return new Result(new RuleFixtures(positives, negatives), diagnostics);
    }

    private List<FixtureEvent> readEvents(Path file, List<Diagnostic> diagnostics) {
        List<FixtureEvent> events = new ArrayList<>();
        if (!FileProblems.isPresent(file)) {
            return events;
        }
        String display = display(file);
        Optional<String> brokenLink = FileProblems.brokenLink(file);
        if (brokenLink.isPresent()) {
            diagnostics.add(Diagnostic.error(HarnessCodes.BAD_FIXTURE, SourcePosition.ofFile(display),
                    "cannot read fixture file: " + brokenLink.get()));
            return events;
        }
        if (Files.isDirectory(file)) {
            diagnostics.add(Diagnostic.error(HarnessCodes.BAD_FIXTURE, SourcePosition.ofFile(display),
                    "expected a fixture file, found a directory"));
            return events;
        }
        byte[] bytes;
        try {
            bytes = reader.read(file);
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error(HarnessCodes.BAD_FIXTURE, SourcePosition.ofFile(display),
                    "cannot read fixture file: " + FileProblems.describe(e)));
            return events;
        }
        Optional<Diagnostic> notText = notText(bytes, display);
        if (notText.isPresent()) {
            diagnostics.add(notText.get());
            return events;
        }
        String description = "";
        for (Utf8Lines.Line line : Utf8Lines.split(bytes)) {
            if (!line.isValid()) {
                diagnostics.add(Diagnostic.error(HarnessCodes.BAD_FIXTURE, new SourcePosition(display, line.number(), line.badColumn()),
                        line.problem() + "; the line is not read"));
                description = "";
                continue;
            }
            String text = line.text();
            if (text.isBlank()) {
                continue;
            }
            if (text.stripLeading().startsWith("//")) {
                description = text.stripLeading().substring(2).strip();
                continue;
            }
            Optional<Problem> problem = parseProblem(text);
            if (problem.isPresent()) {
                diagnostics.add(Diagnostic.error(HarnessCodes.BAD_FIXTURE,
                        new SourcePosition(display, line.number(), column(text, problem.get().offset())), problem.get().message()));
            } else {
                events.add(event(text, display + ":" + line.number(), description));
            }
            description = "";
        }
        return events;
    }

    /**
     * A file that is no UTF-8 text at all — UTF-16 (as Windows tools often save), or binary — is one error at its first
     * sign, not an error on every line.
     */
    private static Optional<Diagnostic> notText(byte[] bytes, String display) {
        if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE
                || (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF)) {
            return Optional.of(Diagnostic.error(HarnessCodes.BAD_FIXTURE, new SourcePosition(display, 1, 1),
                    "expected UTF-8 text, found UTF-16 (its byte-order mark); the file is not read").withHint("save the file as UTF-8"));
        }
        for (int i = 0, line = 1, lineStart = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            } else if (bytes[i] == 0) {
                return Optional.of(Diagnostic.error(HarnessCodes.BAD_FIXTURE, new SourcePosition(display, line, i - lineStart + 1),
                        "expected UTF-8 text, found a NUL byte (UTF-16 or binary data); the file is not read")
                        .withHint("save the file as UTF-8 text, one JSON event a line"));
            }
        }
        return Optional.empty();
    }

    /** What is wrong with a fixture line, and the character (UTF-16 index) it is at. */
    private record Problem(int offset, String message) {
    }

    /** The case a line holds; only called once {@link #parseProblem} found the line to be exactly one. */
    private FixtureEvent event(String text, String source, String description) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a line that passed the token check does not parse: " + source, e);
        }
        if (node instanceof ObjectNode object) {
            return new FixtureEvent(source, description, object);
        }
        List<ObjectNode> sequence = new ArrayList<>();
        node.forEach(e -> sequence.add((ObjectNode) e));
        return new FixtureEvent(source, description, sequence);
    }

    /**
     * Why a line is not exactly one event or one non-empty array of events; empty when it is. Checked on the token
     * stream, so that every problem knows its character.
     */
    private Optional<Problem> parseProblem(String text) {
        int start = text.length() - text.stripLeading().length();
        try (JsonParser parser = json.getFactory().createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                return Optional.of(new Problem(start, "expected a JSON object (an event) or an array of objects (a sequence) per line, found "
                        + JsonMessages.describe(first)));
            }
            Deque<Map<String, Integer>> keys = new ArrayDeque<>();
            int events = 0;
            for (JsonToken token = first; token != null; token = parser.nextToken()) {
                int at = JsonMessages.charOffset(parser.currentTokenLocation(), start);
                if (first == JsonToken.START_ARRAY && keys.size() == 1 && token != JsonToken.END_ARRAY) {
                    if (token != JsonToken.START_OBJECT) {
                        return Optional.of(new Problem(at, "expected an array of objects (a sequence of events), found "
                                + JsonMessages.describe(token) + " in the array"));
                    }
                    events++;
                }
                if (token.isStructStart()) {
                    keys.push(new HashMap<>());
                } else if (token.isStructEnd()) {
                    keys.pop();
                    if (keys.isEmpty()) {
                        break;
                    }
                } else if (token == JsonToken.FIELD_NAME) {
                    Integer before = keys.peek().putIfAbsent(parser.currentName(), at);
                    if (before != null) {
                        return Optional.of(new Problem(at, "duplicate key \"" + parser.currentName() + "\" (first at column "
                                + column(text, before) + "): Elasticsearch rejects a document with a key given twice"));
                    }
                }
            }
            if (!keys.isEmpty()) {
                return Optional.of(new Problem(text.length(), "malformed JSON event: unexpected end of line"));
            }
            if (first == JsonToken.START_ARRAY && events == 0) {
                return Optional.of(new Problem(start, "expected an array of objects (a sequence of events), found an empty array"));
            }
            return trailing(parser, text);
        } catch (JsonProcessingException e) {
            return Optional.of(new Problem(JsonMessages.offendingCharacter(text, e), "malformed JSON event: " + JsonMessages.oneLineOfALine(e.getOriginalMessage())));
        } catch (IOException e) {
            return Optional.of(new Problem(start, "malformed JSON event: " + FileProblems.describe(e)));
        }
    }

    /** Anything after the first value would never be tested, so it is an error, not ignored. */
    private static Optional<Problem> trailing(JsonParser parser, String text) {
        OptionalInt next = JsonMessages.textAfterValue(parser, text);
        return next.isEmpty() ? Optional.empty() : Optional.of(new Problem(next.getAsInt(),
                JsonMessages.afterValue(text.substring(next.getAsInt()))));
    }

    /** 1-based column of a UTF-16 index, counted in code points as editors count characters. */
    private static int column(String text, int offset) {
        return text.codePointCount(0, Math.max(0, Math.min(offset, text.length()))) + 1;
    }

    private String display(Path file) {
        return DisplayPaths.of(displayBase, file);
    }
}
