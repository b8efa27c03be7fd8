package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads Elasticsearch's error objects. */
final class EngineErrors {

    private EngineErrors() {
    }

    /**
     * The most specific reason in an error answer ({@code {"error":{…}}}) or an error object itself: the first
     * failed shard's reason, else the first root cause, else the error's own, as {@code type: reason}.
     */
    static String reason(JsonNode body) {
        JsonNode error = body.has("error") ? body.get("error") : body;
        if (error.isTextual()) {
            return error.asText();
        }
        JsonNode specific = error;
        JsonNode failures = error.path("failed_shards");
        if (failures.isArray() && failures.size() > 0 && failures.get(0).has("reason")) {
            specific = failures.get(0).get("reason");
        } else if (error.path("root_cause").size() > 0) {
            specific = error.path("root_cause").get(0);
        }
        String type = specific.path("type").asText("");
        String reason = specific.path("reason").asText(error.toString());
        return type.isEmpty() ? reason : type + ": " + reason;
    }
}
