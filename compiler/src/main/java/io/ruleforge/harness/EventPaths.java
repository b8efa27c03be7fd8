package io.ruleforge.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;

/** Writes a dotted field into an event, respecting how the event already spells it (nested or dotted keys). */
final class EventPaths {

    private EventPaths() {
    }

    /** A copy of {@code event} whose {@code field} holds exactly {@code value} (all former values replaced). */
    static ObjectNode withValue(ObjectNode event, String field, String value) {
        ObjectNode copy = event.deepCopy();
        set(copy, field, value);
        return copy;
    }

    private static void set(ObjectNode object, String path, String value) {
        if (object.has(path)) {
            object.set(path, TextNode.valueOf(value));
            return;
        }
        // Follow an existing key that is a dotted prefix of the path ("destination" or "destination.geo").
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode child = object.get(name);
            if (path.startsWith(name + ".") && child instanceof ObjectNode childObject) {
                set(childObject, path.substring(name.length() + 1), value);
                return;
            }
        }
        int dot = path.indexOf('.');
        if (dot < 0) {
            object.set(path, TextNode.valueOf(value));
        } else {
            set(object.putObject(path.substring(0, dot)), path.substring(dot + 1), value);
        }
    }
}
