package io.ruleforge.harness.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DisplayPaths;
import io.ruleforge.diag.EditDistance;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.fields.DateValues;
import io.ruleforge.files.FileBytes;
import io.ruleforge.files.FileProblems;
import io.ruleforge.files.JsonPointers;
import io.ruleforge.files.Utf8Lines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a rule's multi-event cases: every {@code <fixtures>/<rule file stem>/cases/<name>.json}, one case per file,
 * in name order. The format (README, "Multi-event cases"):
 *
 * <pre>{@code
 * {"description": "20 failed logons from one address",
 *  "now": "2024-05-01T12:00:00Z",
 *  "events": [{"@timestamp": "2024-05-01T11:58:00Z", "source": {"ip": "10.0.0.5"}, ...}, ...],
 *  "expect": {"alerts": 1, "groups": [{"key": {"source.ip": "10.0.0.5"}, "count": 20}], "suppressed": 0}}
 * }</pre>
 *
 * An ES|QL rule's case may state its result rows instead of (or as well as counting) its alerts:
 * {@code "expect": {"rows": 2}} or {@code "expect": {"rows": [{"source.ip": "10.0.0.5", "Esql.failure_count": 12}]}},
 * and may leave out {@code now}, which then is the latest event's {@code @timestamp}: the ES|QL run does not apply
 * the rule's window, so {@code now} only sets {@code NOW()}. Every other rule must give {@code now} and
 * {@code expect.alerts}; {@code rows} is an error for it.
 *
 * <p>Every problem is an error at the file, line and column of the offending value, naming what was expected and
 * what was found, and the case is not run; other cases still load. Unknown keys are errors too (with the nearest
 * known key), because a misspelt expectation would otherwise be silently unchecked.
 */
public final class CaseFileLoader {

    /** The folder of a rule's fixture folder that holds its case files. */
    public static final String CASES_FOLDER = "cases";
    public static final String EXTENSION = ".json";

    private static final List<String> CASE_KEYS = List.of("description", "now", "runs", "events", "indicators", "expect");
    private static final List<String> EXPECT_KEYS = List.of("alerts", "groups", "suppressed", "rows");
    /** A run's expectation may also name the earlier alerts the run suppresses events into. */
    private static final List<String> RUN_EXPECT_KEYS = List.of("alerts", "groups", "suppressed", "updated");
    private static final List<String> GROUP_KEYS = List.of("key", "count", "cardinality", "suppressed");
    private static final String TIMESTAMP = "@timestamp";

    /** Lists a folder's entries: the seam through which tests make a folder unreadable (they run as root). */
    @FunctionalInterface
    public interface Listing {
        List<Path> entries(Path folder) throws IOException;
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Path displayBase;
    private final FileBytes reader;
    private final Listing listing;

    public CaseFileLoader(Path displayBase) {
        this(displayBase, FileBytes.DISK, CaseFileLoader::onDisk);
    }

    public CaseFileLoader(Path displayBase, FileBytes reader, Listing listing) {
        this.displayBase = displayBase.toAbsolutePath().normalize();
        this.reader = reader;
        this.listing = listing;
    }

    private static List<Path> onDisk(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.toList();
        }
    }

    public record Result(List<AlertCase> cases, List<Diagnostic> diagnostics) {
        public Result {
            cases = List.copyOf(cases);
            diagnostics = List.copyOf(diagnostics);
        }

        /** Whether the rule has case files at all, loadable or not. */
        public boolean hasCaseFiles() {
            return !cases.isEmpty() || diagnostics.stream().anyMatch(d -> d.code().equals(CaseCodes.BAD_CASE));
        }
    }

    /** The cases of a (non-ES|QL) rule whose fixture folder is {@code ruleFolder}; none when it has no {@code cases/} folder. */
    public Result load(Path ruleFolder) {
        return load(ruleFolder, false);
    }

    /**
     * The cases of the rule whose fixture folder is {@code ruleFolder}; none when it has no {@code cases/} folder.
     *
     * @param esql whether the rule's query is ES|QL: its cases may state {@code expect.rows} and leave out {@code now}
     */
    public Result load(Path ruleFolder, boolean esql) {
        return load(ruleFolder, esql, false);
    }

    /**
     * As {@link #load(Path, boolean)}; {@code esqlSuppression}: the ES|QL rule has {@code alert_suppression}, so its
     * cases may also state the alerts by group ({@code groups}, {@code suppressed}).
     */
    public Result load(Path ruleFolder, boolean esql, boolean esqlSuppression) {
        Path folder = ruleFolder.resolve(CASES_FOLDER);
        List<AlertCase> cases = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        if (!FileProblems.isPresent(folder)) {
            return new Result(cases, diagnostics);
        }
        Optional<String> broken = FileProblems.brokenLink(folder);
        if (broken.isPresent() || !Files.isDirectory(folder)) {
            diagnostics.add(Diagnostic.error(CaseCodes.BAD_CASE, SourcePosition.ofFile(display(folder)),
                    broken.map(b -> "cannot read the cases folder: " + b)
                            .orElse("expected a folder of case files, found a file")));
            return new Result(cases, diagnostics);
        }
        List<Path> entries;
        try {
            entries = listing.entries(folder).stream().sorted().toList();
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error(CaseCodes.BAD_CASE, SourcePosition.ofFile(display(folder)),
                    "cannot list the cases folder: " + FileProblems.describe(e)));
            return new Result(cases, diagnostics);
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (!name.endsWith(EXTENSION) || Files.isDirectory(entry)) {
                diagnostics.add(new Diagnostic(CaseCodes.STRAY_CASE_FILE, Severity.WARNING, SourcePosition.ofFile(display(entry)),
                        (Files.isDirectory(entry) ? "folder" : "file") + " in a cases folder is never read: only <name>.json case files are",
                        "rename it <name>" + EXTENSION + " if it is a case, or delete it"));
                continue;
            }
            readCase(entry, esql, esqlSuppression, diagnostics).ifPresent(cases::add);
        }
        return new Result(cases, diagnostics);
    }

    /** One case file of a (non-ES|QL) rule; empty (with its errors added) when it cannot be run. */
    public Optional<AlertCase> readCase(Path file, List<Diagnostic> diagnostics) {
        return readCase(file, false, diagnostics);
    }

    /** One case file; empty (with its errors added) when it cannot be run. */
    public Optional<AlertCase> readCase(Path file, boolean esql, List<Diagnostic> diagnostics) {
        return readCase(file, esql, false, diagnostics);
    }

    /** One case file; {@code esqlSuppression} as for {@link #load(Path, boolean, boolean)}. */
    public Optional<AlertCase> readCase(Path file, boolean esql, boolean esqlSuppression, List<Diagnostic> diagnostics) {
        String display = display(file);
        Optional<String> broken = FileProblems.brokenLink(file);
        if (broken.isPresent()) {
            diagnostics.add(error(SourcePosition.ofFile(display), "cannot read case file: " + broken.get()));
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = reader.read(file);
        } catch (IOException e) {
            diagnostics.add(error(SourcePosition.ofFile(display), "cannot read case file: " + FileProblems.describe(e)));
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        for (Utf8Lines.Line line : Utf8Lines.split(bytes)) {
            if (!line.isValid()) {
                diagnostics.add(error(new SourcePosition(display, line.number(), line.badColumn()),
                        line.problem()));
                return Optional.empty();
            }
            text.append(line.text()).append('\n');
        }
        PositionedJson document;
        try {
            document = PositionedJson.parse(display, text.toString(), json);
        } catch (PositionedJson.Invalid e) {
            diagnostics.add(error(e.error().position(), e.error().message()));
            return Optional.empty();
        }
        List<Diagnostic> problems = new ArrayList<>();
        Optional<AlertCase> parsed = new CaseReader(document, esql, esqlSuppression, problems).read(stem(file));
        diagnostics.addAll(problems);
        return problems.isEmpty() ? parsed : Optional.empty();
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(EXTENSION) ? name.substring(0, name.length() - EXTENSION.length()) : name;
    }

    private static Diagnostic error(SourcePosition at, String message) {
        return Diagnostic.error(CaseCodes.BAD_CASE, at, message);
    }

    private String display(Path path) {
        return DisplayPaths.of(displayBase, path);
    }

    /** Checks one parsed case file against the format, collecting every problem rather than stopping at the first. */
    private record CaseReader(PositionedJson document, boolean esql, boolean esqlSuppression, List<Diagnostic> problems) {

        Optional<AlertCase> read(String name) {
            JsonNode root = document.root();
            if (!root.isObject()) {
                problem("", "expected a JSON object (a case) at the top of the file, found " + describe(root));
                return Optional.empty();
            }
            unknownKeys(root, "", CASE_KEYS);
            String description = "";
            JsonNode descriptionNode = root.get("description");
            if (descriptionNode != null) {
                if (descriptionNode.isTextual()) {
                    description = descriptionNode.textValue().strip();
                } else {
                    problem("/description", "expected \"description\" to be a string, found " + describe(descriptionNode));
                }
            }
            boolean multiRun = root.has("runs");
            List<CaseRun> runs = new ArrayList<>();
            if (multiRun) {
                if (esql) {
                    problem("/runs", "expected \"now\": an ES|QL rule's case is one run (its window is not applied), found \"runs\"");
                } else if (root.has("now")) {
                    problem("/now", "expected either \"now\" (one run) or \"runs\" (several), found both: drop \"now\"");
                }
            }
            // an ES|QL run ignores the rule's window, so its "now" only sets NOW(): the latest event's time by default
            Optional<Instant> now = multiRun ? Optional.empty() : esql && !root.has("now") ? Optional.empty()
                    : required(root, "", "now", "the moment the rule runs, e.g. \"2024-05-01T12:00:00Z\", or \"runs\": its moments")
                    .flatMap(n -> instant(n, "/now", "\"now\""));
            List<CaseEvent> events = required(root, "", "events", "an array of events with @timestamp")
                    .map(n -> events(n, "/events", true)).orElse(List.of());
            if (esql && !root.has("now") && !events.isEmpty()) {
                now = Optional.of(events.get(events.size() - 1).timestamp());
            }
            List<CaseEvent> indicators = Optional.ofNullable(root.get("indicators"))
                    .map(n -> events(n, "/indicators", false)).orElse(List.of());
            Optional<ExpectedAlerts> expect;
            if (multiRun && !esql) {
                runs = runs(root.get("runs"), root.get("expect"));
                expect = runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1).expect());
                // the last run's moment, when it is one, so events after it are reported even if another run is bad
                JsonNode last = root.get("runs").path(root.get("runs").size() - 1);
                now = DateValues.parseDocumentValue(last).map(DateValues.DateSpan::earliest);
            } else {
                expect = required(root, "", "expect", "an object stating the alerts, e.g. {\"alerts\": 1}")
                        .flatMap(n -> expect(n, "/expect", EXPECT_KEYS));
            }
            if (now.isPresent()) {
                for (int i = 0; i < events.size(); i++) {
                    if (events.get(i).timestamp().isAfter(now.get())) {
                        problem("/events/" + i + "/" + TIMESTAMP, multiRun
                                ? "expected every event at or before the last run (" + now.get() + "), found " + events.get(i).timestamp()
                                + ": no run ever sees a later event; add a run or drop the event"
                                : "expected every event at or before \"now\" (" + now.get() + "), found " + events.get(i).timestamp()
                                + ": a run at \"now\" never sees a later event; move \"now\" or drop the event");
                    }
                }
            }
            if (!problems.isEmpty() || now.isEmpty() || expect.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new AlertCase(name, document.file(), description, now.get(), events, indicators, expect.get(), runs));
        }

        /**
         * Several executions: {@code "runs"} their moments in increasing order, {@code "expect"} one object per run
         * (which may also state {@code "updated"}: earlier alerts the run suppresses events into).
         */
        private List<CaseRun> runs(JsonNode runsNode, JsonNode expectNode) {
            if (!runsNode.isArray() || runsNode.isEmpty()) {
                problem("/runs", "expected \"runs\" to be a non-empty array of the moments the rule runs, e.g. "
                        + "[\"2024-05-01T12:00:00Z\", \"2024-05-01T12:05:00Z\"], found " + (runsNode.isArray() ? "an empty array" : describe(runsNode)));
                return List.of();
            }
            if (expectNode == null) {
                problem("", "expected \"expect\" (an array: the alerts of each run, in the order of \"runs\"), found no such key");
                return List.of();
            }
            if (!expectNode.isArray() || expectNode.size() != runsNode.size()) {
                problem("/expect", "expected \"expect\" to be an array of " + runsNode.size() + " objects, one per run in \"runs\", found "
                        + (expectNode.isArray() ? "an array of " + expectNode.size() : describe(expectNode)));
                return List.of();
            }
            List<CaseRun> runs = new ArrayList<>();
            Instant previous = null;
            boolean good = true;
            for (int i = 0; i < runsNode.size(); i++) {
                Optional<Instant> at = instant(runsNode.get(i), "/runs/" + i, "run " + (i + 1));
                if (at.isPresent() && previous != null && !at.get().isAfter(previous)) {
                    problem("/runs/" + i, "expected the runs in time order, found " + at.get() + " after " + previous
                            + ": each run starts after the one before");
                    good = false;
                }
                previous = at.orElse(previous);
                String base = "/expect/" + i;
                Optional<ExpectedAlerts> expect = expect(expectNode.get(i), base, RUN_EXPECT_KEYS);
                List<ExpectedAlert> updated = new ArrayList<>();
                JsonNode updatedNode = expectNode.get(i).get("updated");
                if (updatedNode != null) {
                    if (!updatedNode.isArray()) {
                        problem(base + "/updated", "expected \"updated\" to be an array of {\"key\": {...}, \"suppressed\": n}, found "
                                + describe(updatedNode));
                    } else {
                        for (int u = 0; u < updatedNode.size(); u++) {
                            group(updatedNode.get(u), base + "/updated/" + u).ifPresent(updated::add);
                        }
                    }
                }
                if (expect.isEmpty() || at.isEmpty()) {
                    good = false;
                    continue;
                }
                runs.add(new CaseRun(at.get(), expect.get(), updated, document.at("/runs/" + i)));
            }
            return good ? runs : List.of();
        }

        private List<CaseEvent> events(JsonNode node, String pointer, boolean timed) {
            String what = timed ? "events" : "indicators";
            if (!node.isArray()) {
                problem(pointer, "expected \"" + what + "\" to be an array of objects, found " + describe(node));
                return List.of();
            }
            if (timed && node.isEmpty()) {
                problem(pointer, "expected at least one event, found an empty array");
                return List.of();
            }
            List<CaseEvent> events = new ArrayList<>();
            Instant previous = null;
            for (int i = 0; i < node.size(); i++) {
                String at = pointer + "/" + i;
                JsonNode event = node.get(i);
                if (!(event instanceof ObjectNode object)) {
                    problem(at, "expected an event (a JSON object), found " + describe(event));
                    continue;
                }
                JsonNode stamp = object.get(TIMESTAMP);
                if (stamp == null) {
                    if (timed) {
                        problem(at, "expected the event to have \"@timestamp\": a case is a time-ordered stream");
                        continue;
                    }
                    events.add(new CaseEvent(object, Instant.EPOCH, document.at(at)));
                    continue;
                }
                Optional<Instant> instant = instant(stamp, at + "/" + TIMESTAMP, "\"@timestamp\"");
                if (instant.isEmpty()) {
                    continue;
                }
                if (timed && previous != null && instant.get().isBefore(previous)) {
                    problem(at + "/" + TIMESTAMP, "expected events in time order, found " + instant.get()
                            + " after " + previous + ": put the events in the order they happen");
                }
                previous = instant.get();
                events.add(new CaseEvent(object, instant.get(), document.at(at)));
            }
            return events;
        }

        private Optional<ExpectedAlerts> expect(JsonNode node, String base, List<String> known) {
            if (!node.isObject()) {
                problem(base, "expected \"expect\" to be an object, e.g. {\"alerts\": 1}, found " + describe(node));
                return Optional.empty();
            }
            unknownKeys(node, base, known);
            List<ObjectNode> rows = new ArrayList<>();
            OptionalLong rowCount = OptionalLong.empty();
            OptionalLong alerts;
            if (node.has("rows") && !esql) {
                problem(base + "/rows", "expected \"alerts\": \"rows\" states the result rows of an ES|QL rule, and this"
                        + " rule's query is not ES|QL");
                return Optional.empty();
            }
            if (esql && !esqlSuppression) {
                for (String key : List.of("groups", "suppressed")) {
                    if (node.has(key)) {
                        problem(base + "/" + key, "expected \"alerts\" or \"rows\": \"" + key + "\" is not checked for an"
                                + " ES|QL rule without alert_suppression, found " + describe(node.get(key))
                                + "; state the alerts by their columns in \"rows\"");
                    }
                }
            }
            if (esql && esqlSuppression) {
                // suppression folds rows into alerts: the rows the query gives and the alerts written are two counts
                if (node.has("rows")) {
                    OptionalLong stated = rows(node.get("rows"), rows, base);
                    if (node.get("rows").isNumber()) {
                        rowCount = stated; // checked against the result's rows, beside the alerts after suppression
                    }
                }
                alerts = required(node, base, "alerts", "the number of alerts the run writes after suppression")
                        .map(n -> count(n, base + "/alerts", "\"alerts\"")).orElse(OptionalLong.empty());
            } else if (esql && node.has("rows")) {
                alerts = rows(node.get("rows"), rows, base);
                JsonNode stated = node.get("alerts");
                if (stated != null) {
                    OptionalLong count = count(stated, base + "/alerts", "\"alerts\"");
                    if (count.isPresent() && alerts.isPresent() && count.getAsLong() != alerts.getAsLong()) {
                        problem(base + "/alerts", "expected \"alerts\" to equal the number of \"rows\" (" + alerts.getAsLong()
                                + "), found " + count.getAsLong() + ": give one of the two");
                    }
                }
            } else {
                alerts = required(node, base, "alerts", esql ? "the number of alerts the run writes, or \"rows\":"
                        + " the result rows" : "the number of alerts the run writes")
                        .map(n -> count(n, base + "/alerts", "\"alerts\"")).orElse(OptionalLong.empty());
            }
            OptionalLong suppressed = optionalCount(node, base, "suppressed");
            List<ExpectedAlert> groups = new ArrayList<>();
            JsonNode groupsNode = node.get("groups");
            if (groupsNode != null) {
                if (!groupsNode.isArray()) {
                    problem(base + "/groups", "expected \"groups\" to be an array of {\"key\": {...}}, found " + describe(groupsNode));
                } else {
                    for (int i = 0; i < groupsNode.size(); i++) {
                        group(groupsNode.get(i), base + "/groups/" + i).ifPresent(groups::add);
                    }
                    if (alerts.isPresent() && groupsNode.size() != alerts.getAsLong()) {
                        problem(base + "/groups", "expected \"groups\" to list every alert (" + alerts.getAsLong()
                                + " as \"alerts\" says), found " + groupsNode.size());
                    }
                }
            }
            if (alerts.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ExpectedAlerts(alerts.getAsLong(), groups, suppressed, rows, rowCount, document.at(base)));
        }

        /** ES|QL {@code expect.rows}: a count, or the rows (each a non-empty object of column: value); the alert count. */
        private OptionalLong rows(JsonNode node, List<ObjectNode> rows, String base) {
            if (node.isArray()) {
                boolean good = true;
                for (int i = 0; i < node.size(); i++) {
                    if (node.get(i) instanceof ObjectNode row && !row.isEmpty()) {
                        rows.add(row);
                    } else {
                        problem(base + "/rows/" + i, "expected row " + (i + 1) + " to be an object of column names to values,"
                                + " e.g. {\"source.ip\": \"10.0.0.5\"}, found " + (node.get(i).isObject() ? "an empty object" : describe(node.get(i))));
                        good = false;
                    }
                }
                return good ? OptionalLong.of(node.size()) : OptionalLong.empty();
            }
            if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
                return OptionalLong.of(node.asLong());
            }
            problem(base + "/rows", "expected \"rows\" to be a whole number ≥ 0 or an array of rows ({column: value}),"
                    + " found " + describe(node));
            return OptionalLong.empty();
        }

        private Optional<ExpectedAlert> group(JsonNode node, String pointer) {
            if (!node.isObject()) {
                problem(pointer, "expected an alert ({\"key\": {...}}), found " + describe(node));
                return Optional.empty();
            }
            unknownKeys(node, pointer, GROUP_KEYS);
            Optional<ObjectNode> key = required(node, pointer, "key", "the alert's field values, e.g. {\"source.ip\": \"10.0.0.5\"}")
                    .flatMap(k -> key(k, pointer + "/key"));
            OptionalLong count = optionalCount(node, pointer, "count");
            OptionalLong cardinality = optionalCount(node, pointer, "cardinality");
            OptionalLong suppressed = optionalCount(node, pointer, "suppressed");
            return key.map(k -> new ExpectedAlert(k, count, cardinality, suppressed, document.at(pointer)));
        }

        /** A key: dotted field names to a scalar, {@code null} (missing), or (new terms of arrays) an array of scalars. */
        private Optional<ObjectNode> key(JsonNode node, String pointer) {
            if (!node.isObject()) {
                problem(pointer, "expected \"key\" to be an object of field names to values, found " + describe(node));
                return Optional.empty();
            }
            ObjectNode key = JsonNodeFactory.instance.objectNode();
            boolean good = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (value.isContainerNode()) {
                    problem(JsonPointers.child(pointer, field.getKey()),
                            "expected the value of \"" + field.getKey() + "\" to be a string, number, boolean or null, found "
                                    + describe(value) + " (name nested fields with dots: \"source.ip\")");
                    good = false;
                } else {
                    key.set(field.getKey(), value);
                }
            }
            return good ? Optional.of(key) : Optional.empty();
        }

        private OptionalLong optionalCount(JsonNode parent, String pointer, String key) {
            JsonNode node = parent.get(key);
            return node == null ? OptionalLong.empty() : count(node, pointer + "/" + key, "\"" + key + "\"");
        }

        private OptionalLong count(JsonNode node, String pointer, String what) {
            if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
                return OptionalLong.of(node.asLong());
            }
            problem(pointer, "expected " + what + " to be a whole number ≥ 0, found " + describe(node));
            return OptionalLong.empty();
        }

        private Optional<Instant> instant(JsonNode node, String pointer, String what) {
            Optional<DateValues.DateSpan> parsed = DateValues.parseDocumentValue(node);
            if (parsed.isEmpty()) {
                problem(pointer, "expected " + what + " to be a date as Elasticsearch reads it (\"2024-05-01T12:00:00Z\" "
                        + "or epoch milliseconds), found " + describe(node));
                return Optional.empty();
            }
            return Optional.of(parsed.get().earliest());
        }

        private Optional<JsonNode> required(JsonNode parent, String pointer, String key, String what) {
            JsonNode node = parent.get(key);
            if (node == null) {
                problem(pointer, "expected \"" + key + "\" (" + what + "), found no such key");
            }
            return Optional.ofNullable(node);
        }

        private void unknownKeys(JsonNode node, String pointer, List<String> known) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    String hint = nearest(key, known).map(k -> "did you mean \"" + k + "\"?")
                            .orElse("known keys: " + String.join(", ", known));
                    problems.add(new Diagnostic(CaseCodes.BAD_CASE, Severity.ERROR,
                            document.keyAt(JsonPointers.child(pointer, key)),
                            "unknown key \"" + key + "\" is never checked", hint));
                }
            }
        }

        private void problem(String pointer, String message) {
            problems.add(Diagnostic.error(CaseCodes.BAD_CASE, document.at(pointer), message));
        }

        private static Optional<String> nearest(String name, List<String> known) {
            String best = null;
            int bestDistance = Math.max(3, name.length() / 3 + 1);
            for (String candidate : known) {
                int distance = EditDistance.between(name.toLowerCase(), candidate, bestDistance);
                if (distance < bestDistance) {
                    best = candidate;
                    bestDistance = distance;
                }
            }
            return Optional.ofNullable(best);
        }

        private static String describe(JsonNode node) {
            if (node == null || node.isMissingNode()) {
                return "nothing";
            }
            if (node.isObject()) {
                return "an object";
            }
            if (node.isArray()) {
                return "an array";
            }
            if (node.isTextual()) {
                String t = node.textValue();
                return "the string \"" + (t.length() > 40 ? t.substring(0, 39) + "…" : t) + "\"";
            }
            if (node.isNull()) {
                return "null";
            }
            return (node.isBoolean() ? "the boolean " : "the number ") + node.asText();
        }
    }

    /** Keys a case file may hold, for tools that describe the format. */
    public static Set<String> caseKeys() {
        return Set.copyOf(CASE_KEYS);
    }
}
