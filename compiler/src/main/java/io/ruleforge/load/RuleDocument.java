package io.ruleforge.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.Sha256;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule file as read: its parsed tree (the detection-rules layout: {@code metadata}, {@code rule}, …) and where
 * each value stands in the file. The tree is a private copy; {@link #tree()} hands out a deep copy so no stage can
 * change what another sees.
 *
 * <p>A document read from a file can be {@linkplain #released() released}: it keeps its name, format and digest and
 * lets go of the tree and source map, which are about as large as the file, so that a run over many rules holds
 * only the documents it is working on (README, "Benchmarks"). A released document reads its file again when asked
 * for its tree ({@link #attached()}); the file must still have the digest it was read with.
 */
public final class RuleDocument {

    /** Reads a document's file again; {@code null} for a document not read from a file. */
    @FunctionalInterface
    public interface Source {
        RuleDocument read() throws DiagnosticException;
    }

    private final String displayPath;
    private final SourceFormat format;
    private final String textSha256;
    private final ObjectNode tree;
    private final SourceMap sourceMap;
    private final Source source;
    /** The length of the file's text in chars; 0 for a document not read from a text. */
    private final int textLength;

    /**
     * @param displayPath the file as messages name it, relative to the directory the user ran from when possible
     * @param format      TOML or YAML
     * @param textSha256  the SHA-256 of the file's text (hex), what fingerprints need of it: the text itself, held
     *                    for every rule of a run, was as large as the rule set
     */
    public RuleDocument(String displayPath, SourceFormat format, String textSha256, ObjectNode tree, SourceMap sourceMap) {
        this(displayPath, format, textSha256, Objects.requireNonNull(tree, "tree").deepCopy(),
                Objects.requireNonNull(sourceMap, "sourceMap"), null, 0);
    }

    private RuleDocument(String displayPath, SourceFormat format, String textSha256, ObjectNode tree, SourceMap sourceMap,
                         Source source, int textLength) {
        this.displayPath = Objects.requireNonNull(displayPath, "displayPath");
        this.format = Objects.requireNonNull(format, "format");
        this.textSha256 = Objects.requireNonNull(textSha256, "textSha256");
        if (!textSha256.matches("[0-9a-f]{64}")) {
            // the third component was the file's text until it became its digest: a caller still passing the text
            // must fail here, not have the text taken for a fingerprint
            throw new IllegalArgumentException("textSha256 must be 64 lowercase hex digits; use RuleDocument.of for a text");
        }
        this.tree = tree;
        this.sourceMap = sourceMap;
        this.source = source;
        this.textLength = textLength;
    }

    /** The document of a file with this text. */
    public static RuleDocument of(String displayPath, SourceFormat format, String text, ObjectNode tree, SourceMap sourceMap) {
        return new RuleDocument(displayPath, format, Sha256.hex(text.getBytes(StandardCharsets.UTF_8)),
                Objects.requireNonNull(tree, "tree").deepCopy(), Objects.requireNonNull(sourceMap, "sourceMap"), null, text.length());
    }

    /** This document, able to read itself again from {@code source} once released. */
    RuleDocument readableFrom(Source source) {
        return new RuleDocument(displayPath, format, textSha256, tree, sourceMap, Objects.requireNonNull(source, "source"), textLength);
    }

    public String displayPath() {
        return displayPath;
    }

    public SourceFormat format() {
        return format;
    }

    public String textSha256() {
        return textSha256;
    }

    /**
     * The length of the file's text in chars (0 for a document not read from a text): what its tree and source map
     * take in memory grows with it, which a run keeping documents for a later stage budgets by.
     */
    public int textLength() {
        return textLength;
    }

    /** Whether the tree and source map are in memory (always, but for a {@linkplain #released() released} document). */
    public boolean isAttached() {
        return tree != null;
    }

    /**
     * This document without its tree and source map, when it can read them again from its file; else this document.
     * Its name, format and digest stay.
     */
    public RuleDocument released() {
        return tree == null || source == null ? this : new RuleDocument(displayPath, format, textSha256, null, null, source, textLength);
    }

    /**
     * This document with its tree and source map: itself, or for a released document its file read again.
     *
     * @throws RuleFileChangedException when the file can no longer be read, or no longer has the text it was read with
     */
    public RuleDocument attached() {
        if (tree != null) {
            return this;
        }
        RuleDocument again;
        try {
            again = source.read();
        } catch (DiagnosticException e) {
            throw new RuleFileChangedException(displayPath, e.diagnostic().message());
        }
        if (!again.textSha256.equals(textSha256)) {
            throw new RuleFileChangedException(displayPath, "its text is not the one read at the start of the run");
        }
        return again;
    }

    /** A copy of the parsed tree. */
    public ObjectNode tree() {
        return attached().tree.deepCopy();
    }

    public SourceMap sourceMap() {
        return attached().sourceMap;
    }

    /** The value at a JSON Pointer, or a missing node. Read-only use only: the node is not copied. */
    public JsonNode at(String pointer) {
        return attached().tree.at(pointer);
    }

    /** The source the document can be read again from, if it was read from a file. */
    Optional<Source> source() {
        return Optional.ofNullable(source);
    }

    /**
     * Two documents are equal when they are of one file with one text; the tree and source map follow from those,
     * so a released document equals the document it was released from.
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RuleDocument other)) {
            return false;
        }
        boolean sameFile = displayPath.equals(other.displayPath) && format == other.format && textSha256.equals(other.textSha256);
        // documents built in memory (tests, a git revision) may pair one text with different trees
        return sameFile && (tree == null || other.tree == null || tree.equals(other.tree));
    }

    @Override
    public int hashCode() {
        return Objects.hash(displayPath, format, textSha256);
    }

    @Override
    public String toString() {
        return "RuleDocument[" + displayPath + ", " + format + ", " + textSha256 + (tree == null ? ", released]" : "]");
    }

    /**
     * A released document's file could not be read again as it was: it changed (or went) while the run was using it.
     * The run stops with this message rather than mix two versions of one rule.
     */
    public static final class RuleFileChangedException extends RuntimeException {
        private final String displayPath;

        public RuleFileChangedException(String displayPath, String why) {
            super("rule file changed while ruleforge was running (" + why + "): run again");
            this.displayPath = displayPath;
        }

        /** The error at the rule file. */
        public Diagnostic diagnostic() {
            return Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(displayPath), getMessage());
        }
    }
}
