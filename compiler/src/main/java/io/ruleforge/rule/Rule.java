package io.ruleforge.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.load.RuleDocument;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule that passed schema validation: the fields the pipeline works with, typed, plus its document for
 * everything carried through unchanged (the bundle exports the whole {@code [rule]} table) and for positions.
 */
public record Rule(RuleDocument document, String ruleId, String name, String type, Optional<String> language,
                   Optional<String> query, List<String> index, int version) {

    public static final String QUERY_POINTER = "/rule/query";

    public Rule {
        Objects.requireNonNull(document, "document");
        index = List.copyOf(index);
    }

    /** The rule a document describes, read leniently: absent fields become empty values. */
    public static Rule of(RuleDocument document) {
        JsonNode rule = document.at("/rule");
        List<String> index = new java.util.ArrayList<>();
        rule.path("index").forEach(n -> index.add(n.asText()));
        return new Rule(document,
                rule.path("rule_id").asText(),
                rule.path("name").asText(),
                rule.path("type").asText(),
                text(rule, "language"),
                text(rule, "query"),
                index,
                rule.path("version").asInt(1));
    }

    /**
     * This rule with its document {@linkplain RuleDocument#released() released}: what a stage keeps of a rule it is
     * done reading, so that a run holds only the documents it is working on. Its fields stay.
     */
    public Rule released() {
        RuleDocument light = document.released();
        return light == document ? this : new Rule(light, ruleId, name, type, language, query, index, version);
    }

    /**
     * This rule with its document in memory: itself, or for a released document its file read again — once, for a
     * stage about to read it many times.
     *
     * @throws RuleDocument.RuleFileChangedException when the file changed since it was read
     */
    public Rule attached() {
        return document.isAttached() ? this : new Rule(document.attached(), ruleId, name, type, language, query, index, version);
    }

    private static Optional<String> text(JsonNode table, String key) {
        JsonNode n = table.get(key);
        return n != null && n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** The file name without its extension: the name of the rule's fixture folder. */
    public String fileStem() {
        return stemOf(document.displayPath());
    }

    /** The file name of a rule file's path without its extension, which names the rule's fixture folder. */
    public static String stemOf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    public String displayPath() {
        return document.displayPath();
    }

    /** A copy of the {@code [rule]} table as written. */
    public ObjectNode ruleTable() {
        JsonNode table = document.at("/rule");
        return ((ObjectNode) table).deepCopy();
    }

    public SourcePosition positionOf(String pointer) {
        return document.sourceMap().positionOf(pointer);
    }

    /** Where character {@code offset} of the query text stands in the rule file. */
    public SourcePosition queryPosition(int offset) {
        return document.sourceMap().positionInString(QUERY_POINTER, offset);
    }

    /**
     * The index patterns whose field types the rule sees: its {@code index}, plus the data streams of its
     * {@code related_integrations} ({@code logs-azure.signinlogs-*} for package azure, integration signinlogs), which
     * is how detection-rules finds the schema of a rule — and the only way for a rule on a data view.
     */
    public List<String> fieldScope() {
        List<String> scope = new java.util.ArrayList<>(index);
        document.at("/rule/related_integrations").forEach(entry -> {
            String pkg = entry.path("package").asText("");
            String integration = entry.path("integration").asText("");
            if (!pkg.isEmpty()) {
                scope.add(integration.isEmpty() ? "logs-" + pkg + ".*" : "logs-" + pkg + "." + integration + "-*");
            }
        });
        return List.copyOf(scope);
    }

    public boolean isKql() {
        return language.map("kuery"::equals).orElse(false);
    }
}
