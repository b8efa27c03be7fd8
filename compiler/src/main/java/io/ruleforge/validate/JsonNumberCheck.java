package io.ruleforge.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.files.JsonPointers;

import java.util.Iterator;
import java.util.Map;

/**
 * Every number of the file, in any table (free-form ones such as {@code meta} included), must be one JSON can carry
 * to Kibana: TOML's {@code inf} and {@code nan}, YAML's {@code .inf} and {@code .nan}, and a number beyond a double's
 * range ({@code 1e400}) would reach the bundle as a string ({@code "NaN"}) or as a number Kibana reads as infinity.
 * A value a field's own check already refused is not reported twice.
 */
final class JsonNumberCheck {

    void check(SchemaAssertions fields) {
        walk(fields, fields.at(""), "");
    }

    private static void walk(SchemaAssertions fields, JsonNode node, String pointer) {
        if (node.isNumber()) {
            if (!Double.isFinite(node.doubleValue()) && !fields.hasErrorAt(pointer)) {
                fields.error(SchemaCodes.WRONG_TYPE, pointer, SchemaAssertions.label(pointer) + " must be a finite number, found "
                                + ValueKind.describe(node) + ": rule JSON has no infinity or NaN",
                        "write a number between -1.7976931348623157e308 and 1.7976931348623157e308");
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(fields, e.getValue(), JsonPointers.child(pointer, e.getKey()));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(fields, node.get(i), pointer + "/" + i);
            }
        }
    }
}
