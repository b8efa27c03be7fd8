package io.ruleforge.harness;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.SourcePosition;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A multi-event case of an aggregating ES|QL rule, {@code <fixtures>/<rule>/cases/<name>.json}:
 * <pre>{"description": "…", "events": [{…}, …], "expect": {"rows": 1}}</pre>
 * or with the rows themselves, each listing the columns it checks:
 * <pre>"expect": {"rows": [{"host.id": "h1", "Esql.event_count": 25}]}</pre>
 * All events are indexed together and the query runs once; {@code "rows": 0} is a case the rule must stay quiet on.
 * Any other shape is an error at the offending value's line and column.
 *
 * @param expectedRows     how many result rows (alerts) the query must give
 * @param rows             the rows expected, column name to JSON value; empty when only the count is given
 */
public record EsqlCaseFile(String source, String description, List<ObjectNode> events, int expectedRows, List<ObjectNode> rows) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("description", "events", "expect");

    /** The case, or the errors (file, line, column, what was expected, what was found). */
    public record Read(Optional<EsqlCaseFile> caseFile, List<Diagnostic> errors) {
    }

    public static Read parse(String display, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return failed(new SourcePosition(display, at == null ? 1 : at.getLineNr(), at == null ? 1 : at.getColumnNr()),
                    "malformed JSON: " + e.getOriginalMessage());
        }
        Map<String, SourcePosition> positions = positions(display, text);
        List<Diagnostic> errors = new ArrayList<>();
        if (root == null || !root.isObject()) {
            return failed(positions.getOrDefault("", SourcePosition.ofFile(display)),
                    "expected an object {\"events\": [...], \"expect\": {\"rows\": N}}, found " + kind(root));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                errors.add(error(positions.get("/" + key), "unknown key \"" + key + "\": expected description, events or expect"));
            }
        }
        JsonNode events = root.get("events");
        List<ObjectNode> eventList = new ArrayList<>();
        if (events == null) {
            errors.add(error(positions.get(""), "missing \"events\": expected an array of event objects"));
        } else if (!events.isArray() || events.isEmpty()) {
            errors.add(error(positions.get("/events"), "\"events\" must be a non-empty array of event objects, found " + kind(events)));
        } else {
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).isObject()) {
                    eventList.add((ObjectNode) events.get(i));
                } else {
                    errors.add(error(positions.get("/events/" + i), "event " + (i + 1) + " must be an object, found " + kind(events.get(i))));
                }
            }
        }
        JsonNode description = root.get("description");
        if (description != null && !description.isTextual()) {
            errors.add(error(positions.get("/description"), "\"description\" must be a string, found " + kind(description)));
        }
        int expectedRows = -1;
        List<ObjectNode> rows = new ArrayList<>();
        JsonNode expect = root.get("expect");
        if (expect == null) {
            errors.add(error(positions.get(""), "missing \"expect\": expected {\"rows\": N} or {\"rows\": [{column: value}, …]}"));
        } else if (!expect.isObject() || !expect.has("rows") || expect.size() != 1) {
            errors.add(error(positions.get("/expect"), "\"expect\" must be {\"rows\": N} or {\"rows\": [{column: value}, …]}, found "
                    + abbreviate(expect.toString())));
        } else {
            JsonNode r = expect.get("rows");
            if (r.isInt() && r.intValue() >= 0) {
                expectedRows = r.intValue();
            } else if (r.isArray()) {
                for (int i = 0; i < r.size(); i++) {
                    if (r.get(i).isObject() && !r.get(i).isEmpty()) {
                        rows.add((ObjectNode) r.get(i));
                    } else {
                        errors.add(error(positions.get("/expect/rows/" + i), "expected row " + (i + 1)
                                + " must be an object of column: value, found " + abbreviate(r.get(i).toString())));
                    }
                }
                expectedRows = r.size();
            } else {
                errors.add(error(positions.get("/expect/rows"), "\"rows\" must be a whole number of at least 0 or an array of rows,"
                        + " found " + abbreviate(r.toString())));
            }
        }
        if (!errors.isEmpty()) {
            return new Read(Optional.empty(), errors);
        }
        return new Read(Optional.of(new EsqlCaseFile(display, description == null ? "" : description.asText(), eventList,
                expectedRows, rows)), List.of());
    }

    private static Read failed(SourcePosition at, String message) {
        return new Read(Optional.empty(), List.of(error(at, message)));
    }

    private static Diagnostic error(SourcePosition at, String message) {
        return Diagnostic.error(HarnessCodes.BAD_FIXTURE, at, message);
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isArray()) {
            return node.isEmpty() ? "an empty array" : "an array";
        }
        return node.isObject() ? "an object" : node.isTextual() ? "a string " + abbreviate(node.toString()) : abbreviate(node.toString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** Where each value starts, by JSON pointer ({@code ""} the root, {@code /events/0}, {@code /expect/rows}). */
    private static Map<String, SourcePosition> positions(String display, String text) {
        Map<String, SourcePosition> out = new HashMap<>();
        Deque<Object> path = new ArrayDeque<>(); // field name (String) or next array index (int[])
        try (JsonParser p = JSON.getFactory().createParser(text)) {
            JsonToken token;
            while ((token = p.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    path.push(p.currentName());
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    path.pop(); // the container's own marker
                    afterValue(path);
                    continue;
                }
                if (!path.isEmpty() && path.peek() instanceof int[] index) {
                    path.push(String.valueOf(index[0]++));
                }
                JsonLocation at = p.currentTokenLocation();
                out.put(pointer(path), new SourcePosition(display, at.getLineNr(), at.getColumnNr()));
                if (token == JsonToken.START_OBJECT) {
                    path.push(new Object());
                } else if (token == JsonToken.START_ARRAY) {
                    path.push(new int[] {0});
                } else {
                    afterValue(path);
                }
            }
        } catch (IOException e) {
            // readTree accepted the text, so this does not happen; positions found so far still serve
        }
        return out;
    }

    /** After a value: leave its field name or array index. */
    private static void afterValue(Deque<Object> path) {
        if (!path.isEmpty() && path.peek() instanceof String) {
            path.pop();
        }
    }

    private static String pointer(Deque<Object> path) {
        StringBuilder out = new StringBuilder();
        Iterator<Object> it = path.descendingIterator();
        while (it.hasNext()) {
            Object step = it.next();
            if (step instanceof String s) {
                out.append('/').append(s);
            }
        }
        return out.toString();
    }
}
