package io.ruleforge.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * One rule file as read: its parsed tree (the detection-rules layout: {@code metadata}, {@code rule}, …) and where
 * each value stands in the file. The tree is a private copy; {@link #root()} hands out a deep copy so no stage can
 * change what another sees.
 *
 * @param displayPath the file as messages name it, relative to the directory the user ran from when possible
 * @param format      TOML or YAML
 * @param text        the file's text (used for fingerprints and diffs)
 */
public record RuleDocument(String displayPath, SourceFormat format, String text, ObjectNode tree, SourceMap sourceMap) {

    public RuleDocument {
        Objects.requireNonNull(displayPath, "displayPath");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(text, "text");
        tree = tree.deepCopy();
        Objects.requireNonNull(sourceMap, "sourceMap");
    }

    /** A copy of the parsed tree. */
    @Override
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    /** The value at a JSON Pointer, or a missing node. Read-only use only: the node is not copied. */
    public JsonNode at(String pointer) {
        return tree.at(pointer);
    }
}
