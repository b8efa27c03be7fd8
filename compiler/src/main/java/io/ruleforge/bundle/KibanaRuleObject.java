package io.ruleforge.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.rule.Rule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns a rule's {@code [rule]} table into the object Kibana's rule import API takes. The two differ only where
 * detection-rules stores a field in its own shape: {@code [rule.new_terms]} ({@code field}/{@code value} pairs)
 * becomes {@code new_terms_fields} and {@code history_window_start}. Keys come in a fixed order — the ones a
 * reviewer reads first, then the rest alphabetically; nested keys alphabetically — so that identical content
 * always gives identical bytes.
 */
public final class KibanaRuleObject {

    /** Keys of an exported rule in the order Kibana users read them; others follow alphabetically. */
    static final List<String> KEY_ORDER = List.of(
            "rule_id", "name", "description", "type", "language", "query", "index", "from", "interval",
            "max_signals", "risk_score", "severity", "tags", "threat", "version", "author", "license",
            "false_positives", "references", "note");

    private KibanaRuleObject() {
    }

    public static ObjectNode of(Rule rule) {
        ObjectNode table = rule.ruleTable();
        convertNewTerms(table);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String key : KEY_ORDER) {
            if (table.has(key)) {
                out.set(key, sortedKeys(table.get(key)));
            }
        }
        for (String key : new TreeSet<>(names(table))) {
            if (!out.has(key)) {
                out.set(key, sortedKeys(table.get(key)));
            }
        }
        return out;
    }

    /** {@code new_terms = {field = "new_terms_fields", value = [...], history_window_start = [{field, value}]}}. */
    private static void convertNewTerms(ObjectNode table) {
        JsonNode newTerms = table.get("new_terms");
        if (newTerms == null || !newTerms.isObject()) {
            return;
        }
        table.remove("new_terms");
        if ("new_terms_fields".equals(newTerms.path("field").asText())) {
            table.set("new_terms_fields", newTerms.path("value"));
        }
        for (JsonNode entry : newTerms.path("history_window_start")) {
            if ("history_window_start".equals(entry.path("field").asText())) {
                table.set("history_window_start", entry.path("value"));
            }
        }
    }

    private static JsonNode sortedKeys(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            for (String key : new TreeSet<>(names(node))) {
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

    private static List<String> names(JsonNode node) {
        List<String> list = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(list::add);
        return list;
    }
}
