package io.ruleforge.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ruleforge.files.Sha256;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One rule file as read: its parsed tree (the detection-rules layout: {@code metadata}, {@code rule}, …) and where
 * each value stands in the file. The tree is a private copy; {@link #root()} hands out a deep copy so no stage can
 * change what another sees.
 *
 * @param displayPath the file as messages name it, relative to the directory the user ran from when possible
 * @param format      TOML or YAML
 * @param textSha256  the SHA-256 of the file's text (hex), what fingerprints need of it: the text itself, held for
 *                    every rule of a run, was as large as the rule set
 */
public record RuleDocument(String displayPath, SourceFormat format, String textSha256, ObjectNode tree, SourceMap sourceMap) {

    public RuleDocument {
        Objects.requireNonNull(displayPath, "displayPath");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(textSha256, "textSha256");
        if (!textSha256.matches("[0-9a-f]{64}")) {
            // the third component was the file's text until it became its digest: a caller still passing the text
            // must fail here, not have the text taken for a fingerprint
            throw new IllegalArgumentException("textSha256 must be 64 lowercase hex digits; use RuleDocument.of for a text");
        }
        tree = tree.deepCopy();
        Objects.requireNonNull(sourceMap, "sourceMap");
    }

    /** The document of a file with this text. */
    public static RuleDocument of(String displayPath, SourceFormat format, String text, ObjectNode tree, SourceMap sourceMap) {
        return new RuleDocument(displayPath, format,
                Sha256.hex(text.getBytes(StandardCharsets.UTF_8)), tree, sourceMap);
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
