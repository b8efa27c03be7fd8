package io.ruleforge.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.diag.DisplayPaths;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.FileBytes;
import io.ruleforge.files.FileProblems;
import io.ruleforge.files.HalfCharacters;
import io.ruleforge.files.Utf8Lines;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The rule-loading stage: finds rule files (TOML and YAML) below a directory, reads each into a
 * {@link RuleDocument}, and reports every file that cannot be read with its position. One bad file never stops
 * the others from loading.
 */
public final class RuleLoader {

    /** Larger files are refused before parsing: no real rule comes near it, and parsers should not be fed 50 MB. */
    public static final long MAX_FILE_BYTES = 2L * 1024 * 1024;

    private final Path displayBase;
    private final TomlMapper toml;
    private final FileBytes reader;

    /**
     * @param displayBase directory that file names in messages are relative to (usually where the user ran from)
     */
    public RuleLoader(Path displayBase) {
        this(displayBase, FileBytes.DISK);
    }

    /** A loader reading files through {@code reader}. */
    public RuleLoader(Path displayBase, FileBytes reader) {
        this.reader = reader;
        this.displayBase = displayBase.toAbsolutePath().normalize();
        TomlFactory factory = TomlFactory.builder()
                // Jackson counts the root table as a level; the limit is on the levels below it, as for YAML.
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(YamlDocumentReader.MAX_DEPTH + 1).build())
                .build();
        this.toml = new TomlMapper(factory);
    }

    /**
     * Loads every {@code .toml}, {@code .yaml} and {@code .yml} file below {@code directory}, in path order,
     * following symbolic links. Directories in {@code excluded} (e.g. a build output folder inside the rules folder)
     * are not entered. Nothing is skipped silently: a rule file behind a broken or looping link, a link that leads
     * back to a folder being walked, and a folder that cannot be listed are each reported.
     */
    public LoadResult loadDirectory(Path directory, Collection<Path> excluded) {
        Found found = find(directory, excluded);
        LoadResult loaded = loadFiles(found.files());
        List<Diagnostic> diagnostics = new ArrayList<>(found.unreadable());
        diagnostics.addAll(loaded.diagnostics());
        return new LoadResult(loaded.documents(), diagnostics);
    }

    /**
     * The rule files below a directory, in path order, and a diagnostic for each one that cannot be read.
     *
     * @param files           the rule files to load
     * @param unreadable      what could not be searched or read, each named
     * @param unreadableFiles how many of those are rule files (a broken link, a folder named like a rule file), not
     *                        folders
     */
    public record Found(List<Path> files, List<Diagnostic> unreadable, int unreadableFiles) {
        public Found {
            files = List.copyOf(files);
            unreadable = List.copyOf(unreadable);
        }
    }

    /** Finds the rule files {@link #loadDirectory} loads, without loading them: a caller may load them a chunk at a time. */
    public Found find(Path directory, Collection<Path> excluded) {
        List<Path> excludedAbs = excluded.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        List<Path> files = new ArrayList<>();
        List<Diagnostic> unreadable = new ArrayList<>();
        int[] unreadableFiles = {0};
        try {
            Files.walkFileTree(directory, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return isExcluded(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (isExcluded(file) || SourceFormat.of(file).isEmpty()) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isRegularFile()) {
                        files.add(file);
                        return FileVisitResult.CONTINUE;
                    }
                    unreadableFiles[0]++;
                    if (attrs.isSymbolicLink()) {
                        // the walk follows links, so a link it hands over as a link is one that leads nowhere
                        unreadable.add(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(displayPath(file)), "cannot read rule file: "
                                + FileProblems.brokenLink(file).orElse("symbolic link cannot be followed")));
                    } else {
                        unreadable.add(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(displayPath(file)),
                                "cannot read rule file: expected a regular file"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!isExcluded(file)) {
                        boolean folder = Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) || e instanceof FileSystemLoopException;
                        if (!folder && SourceFormat.of(file).isPresent()) {
                            unreadableFiles[0]++;
                        }
                        unreadable.add(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(displayPath(file)),
                                (folder ? "cannot search folder for rules: " : "cannot read: ") + FileProblems.describe(e)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    // a folder whose listing failed part-way: report it and go on with its siblings
                    return e == null ? FileVisitResult.CONTINUE : visitFileFailed(dir, e);
                }

                private boolean isExcluded(Path p) {
                    Path abs = p.toAbsolutePath().normalize();
                    return excludedAbs.stream().anyMatch(abs::startsWith);
                }
            });
        } catch (IOException e) {
            unreadable.add(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(displayPath(directory)),
                    "cannot read the rules folder: " + FileProblems.describe(e)));
        }
        files.sort(null);
        return new Found(files, unreadable, unreadableFiles[0]);
    }

    public LoadResult loadFiles(List<Path> files) {
        // each file is read and parsed on its own, so on every core; the results keep the files' order
        List<Object> loaded = files.parallelStream().map(this::loadOrDiagnose).toList();
        List<RuleDocument> documents = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Object result : loaded) {
            if (result instanceof RuleDocument document) {
                documents.add(document);
            } else {
                diagnostics.add((Diagnostic) result);
            }
        }
        return new LoadResult(documents, diagnostics);
    }

    /** The file's document, or the diagnostic that says why it has none. */
    private Object loadOrDiagnose(Path file) {
        try {
            return load(file);
        } catch (DiagnosticException e) {
            return e.diagnostic();
        }
    }

    /** Reads one rule file; the document can read it again once {@linkplain RuleDocument#released() released}. */
    public RuleDocument load(Path file) throws DiagnosticException {
        return read(file).readableFrom(() -> load(file));
    }

    private RuleDocument read(Path file) throws DiagnosticException {
        String display = displayPath(file);
        SourceFormat format = SourceFormat.of(file).orElseThrow(() -> new DiagnosticException(Diagnostic.error(
                LoadCodes.UNKNOWN_FORMAT, SourcePosition.ofFile(display),
                "unknown rule file type: expected a .toml, .yaml or .yml file")));
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new DiagnosticException(Diagnostic.error(LoadCodes.TOO_LARGE, SourcePosition.ofFile(display),
                        "file is " + size + " bytes; rule files are limited to " + MAX_FILE_BYTES + " bytes"));
            }
            bytes = reader.read(file);
        } catch (IOException e) {
            throw new DiagnosticException(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(display),
                    "cannot read file: " + FileProblems.describe(e)));
        }
        return parse(display, format, bytes);
    }

    /** Parses the bytes of a rule file named {@code display} in messages. */
    public RuleDocument parse(String display, SourceFormat format, byte[] bytes) throws DiagnosticException {
        String text = decodeUtf8(display, bytes);
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            LineIndex lines = new LineIndex(text);
            throw new DiagnosticException(Diagnostic.error(LoadCodes.BINARY,
                    new SourcePosition(display, lines.line(nul), lines.column(nul)),
                    "expected a text file, found a NUL byte (binary data)"));
        }
        if (text.isBlank()) {
            throw new DiagnosticException(Diagnostic.error(LoadCodes.EMPTY, SourcePosition.ofFile(display),
                    "expected a rule with [metadata] and [rule], found an empty file"));
        }
        JsonNode tree;
        SourceMap sourceMap;
        try {
            if (format == SourceFormat.TOML) {
                tree = toml.readTree(text);
                sourceMap = tree instanceof ObjectNode table ? TomlLocator.locateAndRestoreIntegers(display, text, table)
                        : TomlLocator.locate(display, text);
            } else {
                YamlDocumentReader.Result result = YamlDocumentReader.read(display, text);
                tree = result.tree();
                sourceMap = result.sourceMap();
            }
        } catch (YamlDocumentReader.YamlShapeException e) {
            throw syntaxError(display, format, e.getMessage(), text, codePointOffset(text, e.location()));
        } catch (JsonProcessingException e) {
            if (format == SourceFormat.TOML) {
                var duplicate = TomlLocator.findDuplicateKey(display, text);
                if (duplicate.isPresent()) {
                    throw new DiagnosticException(Diagnostic.error(LoadCodes.TOML_SYNTAX, duplicate.get().at(),
                            "TOML syntax error: duplicate key " + duplicate.get().key() + ", first defined at "
                                    + duplicate.get().first().line() + ":" + duplicate.get().first().column()));
                }
                var tooDeep = TomlLocator.findTooDeep(display, text);
                if (tooDeep.isPresent()) {
                    throw new DiagnosticException(Diagnostic.error(LoadCodes.TOML_SYNTAX, tooDeep.get(),
                            "TOML syntax error: nesting deeper than " + YamlDocumentReader.MAX_DEPTH + " levels"));
                }
                throw syntaxError(display, format, e.getOriginalMessage(), text, atToken(text, e.getLocation()));
            }
            throw syntaxError(display, format, e.getOriginalMessage(), text, codePointOffset(text, yamlProblemLocation(e)));
        } catch (IOException | RuntimeException e) {
            // Parsers may fail in ways their API does not declare (e.g. SnakeYAML limits); still one clear message.
            throw new DiagnosticException(Diagnostic.error(syntaxCode(format), SourcePosition.ofFile(display),
                    format + " syntax error: " + e.getMessage()));
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new DiagnosticException(Diagnostic.error(LoadCodes.NOT_A_TABLE, sourceMap.positionOf(""),
                    "expected a table with [metadata] and [rule] at the top of the file, found "
                            + (tree == null ? "nothing" : tree.getNodeType().toString().toLowerCase())));
        }
        // a lone surrogate can only come from an escape (strict UTF-8 decoding refuses an encoded one): most files have none
        Optional<String> halfCharacter = text.contains("\\u") || text.contains("\\U") ? HalfCharacters.firstIn(object) : Optional.empty();
        if (halfCharacter.isPresent()) {
            throw new DiagnosticException(Diagnostic.error(syntaxCode(format), sourceMap.positionOf(halfCharacter.get()),
                    format + " syntax error: " + HalfCharacters.problem(object, halfCharacter.get())));
        }
        return RuleDocument.of(display, format, text, object, sourceMap);
    }

    /**
     * The char offset of a TOML error (Jackson counts its columns in UTF-16 chars), or -1 when unknown. Jackson's TOML
     * parser may place an error on the blank before the offending token; the token is where the user must look.
     */
    private static int atToken(String text, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return -1;
        }
        int offset = new LineIndex(text).offsetOfCharColumn(location.getLineNr(), location.getColumnNr());
        int token = offset;
        while (token < text.length() && (text.charAt(token) == ' ' || text.charAt(token) == '\t')) {
            token++;
        }
        return token == offset || token >= text.length() || text.charAt(token) == '\n' ? offset : token;
    }

    /** The char offset of a YAML location (SnakeYAML counts its columns in code points), or -1 when unknown. */
    private static int codePointOffset(String text, JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return -1;
        }
        return new LineIndex(text).offset(location.getLineNr(), location.getColumnNr());
    }

    /** SnakeYAML knows where the problem is (its problem mark); Jackson's location is that of the last good token. */
    private static JsonLocation yamlProblemLocation(JsonProcessingException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
                var mark = marked.getProblemMark();
                return new JsonLocation(com.fasterxml.jackson.core.io.ContentReference.unknown(), -1, mark.getLine() + 1, mark.getColumn() + 1);
            }
        }
        return e.getLocation();
    }

    private static DiagnosticException syntaxError(String display, SourceFormat format, String message, String text, int offset) {
        LineIndex lines = new LineIndex(text);
        SourcePosition position = offset < 0
                ? SourcePosition.ofFile(display)
                : new SourcePosition(display, lines.line(offset), lines.column(offset));
        // SnakeYAML appends "in 'reader', line 3, column 9:" and a copy of the line with a caret: the position says it.
        String oneLine = message == null ? "malformed document" : message
                .replaceAll("(?s)\\s*in 'reader', line \\d+, column \\d+:\\R.*?\\^", "")
                .strip().replaceAll("\\s*\\R\\s*", " ");
        return new DiagnosticException(Diagnostic.error(syntaxCode(format), position, format + " syntax error: " + oneLine));
    }

    private static String syntaxCode(SourceFormat format) {
        return format == SourceFormat.TOML ? LoadCodes.TOML_SYNTAX : LoadCodes.YAML_SYNTAX;
    }

    private static String decodeUtf8(String display, byte[] bytes) throws DiagnosticException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            // The decoder stopped at the first bad byte: name its line and column.
            String before = out.flip().toString();
            LineIndex lines = new LineIndex(before);
            int nul = before.indexOf('\0');
            if (nul >= 0) {
                // A NUL before the bad byte: binary data, said at its first sign.
                throw new DiagnosticException(Diagnostic.error(LoadCodes.BINARY,
                        new SourcePosition(display, lines.line(nul), lines.column(nul)),
                        "expected a text file, found a NUL byte (binary data)"));
            }
            throw new DiagnosticException(Diagnostic.error(LoadCodes.NOT_UTF8,
                    new SourcePosition(display, lines.line(before.length()), lines.column(before.length())),
                    Utf8Lines.notUtf8(bytes[in.position()] & 0xff)));
        }
        decoder.flush(out);
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The file as messages name it. */
    public String displayPath(Path file) {
        return DisplayPaths.of(displayBase, file);
    }
}
