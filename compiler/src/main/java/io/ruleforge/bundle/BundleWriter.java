package io.ruleforge.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.files.AtomicFiles;
import io.ruleforge.rule.Rule;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The bundle stage: writes the rules as Kibana's detection-engine import accepts them ({@code rules.ndjson}, one
 * rule object per line, snake_case keys). The output depends only on the rules' content: rules sorted by
 * rule_id, keys in a fixed order (the usual ones first, then the rest alphabetically; nested keys
 * alphabetically), no build timestamps — so rebuilding gives the same bytes.
 */
public final class BundleWriter {

    public static final String FILE_NAME = "rules.ndjson";

    /** Keys of an exported rule in the order Kibana users read them; others follow alphabetically. */
    static final List<String> KEY_ORDER = List.of(
            "rule_id", "name", "description", "type", "language", "query", "index", "from", "interval",
            "max_signals", "risk_score", "severity", "tags", "threat", "version", "author", "license",
            "false_positives", "references", "note");

    private static final ObjectMapper JSON = new ObjectMapper();

    public Path write(List<Rule> rules, Path directory) {
        Path file = directory.resolve(FILE_NAME);
        AtomicFiles.write(file, render(rules));
        return file;
    }

    public String render(List<Rule> rules) {
        List<Rule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparing(Rule::ruleId));
        StringBuilder out = new StringBuilder();
        for (Rule rule : sorted) {
            try {
                out.append(JSON.writeValueAsString(exported(rule))).append('\n');
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("cannot serialise rule " + rule.ruleId(), e);
            }
        }
        return out.toString();
    }

    /** The rule object Kibana imports: the {@code [rule]} table, keys ordered. */
    static ObjectNode exported(Rule rule) {
        ObjectNode table = rule.ruleTable();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String key : KEY_ORDER) {
            if (table.has(key)) {
                out.set(key, sortedKeys(table.get(key)));
            }
        }
        for (String key : new TreeSet<>(iterable(table.fieldNames()))) {
            if (!out.has(key)) {
                out.set(key, sortedKeys(table.get(key)));
            }
        }
        return out;
    }

    private static JsonNode sortedKeys(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            for (String key : new TreeSet<>(iterable(node.fieldNames()))) {
                sorted.set(key, sortedKeys(node.get(key)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> array.add(sortedKeys(e)));
            return array;
        }
        return node;
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
