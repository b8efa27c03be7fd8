package io.ruleforge.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DisplayPaths;
import io.ruleforge.diag.SourcePosition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a rule's fixtures from {@code <fixtures>/<rule file name without extension>/positive.ndjson} and
 * {@code negative.ndjson}: one JSON event per line, or a JSON array of events (a sequence, for EQL rules). Blank lines are skipped; a line starting with {@code //} is a
 * comment describing the event below it (reports show it). Every malformed line is reported with its position;
 * the good lines still load.
 */
public final class FixtureLoader {

    public static final String POSITIVE = "positive.ndjson";
    public static final String NEGATIVE = "negative.ndjson";

    private final ObjectMapper json = new ObjectMapper();
    private final Path fixturesDirectory;
    private final Path displayBase;

    public FixtureLoader(Path fixturesDirectory, Path displayBase) {
        this.fixturesDirectory = fixturesDirectory;
        this.displayBase = displayBase.toAbsolutePath().normalize();
    }

    public record Result(RuleFixtures fixtures, List<Diagnostic> diagnostics) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    /** The folder a rule's fixtures live in. */
    public Path folderOf(String ruleFileStem) {
        return fixturesDirectory.resolve(ruleFileStem);
    }

    public Result load(String ruleFileStem) {
        Path folder = folderOf(ruleFileStem);
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<FixtureEvent> positives = readEvents(folder.resolve(POSITIVE), diagnostics);
        List<FixtureEvent> negatives = readEvents(folder.resolve(NEGATIVE), diagnostics);
        return new Result(new RuleFixtures(positives, negatives), diagnostics);
    }

    private List<FixtureEvent> readEvents(Path file, List<Diagnostic> diagnostics) {
        List<FixtureEvent> events = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return events;
        }
        String display = display(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error(HarnessCodes.BAD_FIXTURE, SourcePosition.ofFile(display),
                    "cannot read fixture file as UTF-8 text: " + e.getMessage()));
            return events;
        }
        String description = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            if (line.stripLeading().startsWith("//")) {
                description = line.stripLeading().substring(2).strip();
                continue;
            }
            try {
                JsonNode node = json.readTree(line);
                if (node instanceof ObjectNode object) {
                    events.add(new FixtureEvent(display + ":" + (i + 1), description, object));
                } else if (node != null && node.isArray() && !node.isEmpty() && allObjects(node)) {
                    List<ObjectNode> sequence = new ArrayList<>();
                    node.forEach(e -> sequence.add((ObjectNode) e));
                    events.add(new FixtureEvent(display + ":" + (i + 1), description, sequence));
                } else {
                    diagnostics.add(Diagnostic.error(HarnessCodes.BAD_FIXTURE, new SourcePosition(display, i + 1, 1),
                            "expected a JSON object (an event) or an array of objects (a sequence) per line, found "
                                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase())));
                }
            } catch (JsonProcessingException e) {
                int column = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
                diagnostics.add(Diagnostic.error(HarnessCodes.BAD_FIXTURE, new SourcePosition(display, i + 1, column),
                        "malformed JSON event: " + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " ")));
            }
            description = "";
        }
        return events;
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode e : array) {
            if (!e.isObject()) {
                return false;
            }
        }
        return true;
    }

    private String display(Path file) {
        return DisplayPaths.of(displayBase, file);
    }
}
