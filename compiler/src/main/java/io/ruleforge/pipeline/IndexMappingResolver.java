package io.ruleforge.pipeline;

import io.ruleforge.files.FileProblems;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.ElasticSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.IndexMappings;
import io.ruleforge.fields.MappingFile;
import io.ruleforge.fields.ScopedMapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves the field-type options into {@link IndexMappings}.
 *
 * <p>{@code schema}: a comma-separated list of a base — {@code ecs} (ECS 9.4.0, the default), {@code ecs-8.17},
 * {@code ecs-9.4} or {@code none} — optionally followed by mapping files (kept for compatibility; same as
 * {@code mappings} entries). The base is what every index is assumed to have; {@code none} reproduces Kibana without
 * an index pattern (the translation then knows no field types, while evaluation and field checks use ECS).
 *
 * <p>{@code mappings}: Elasticsearch mapping files, each entry {@code FILE} or {@code INDEX-PATTERN=FILE}. An index
 * template applies to the rules whose {@code index} patterns overlap its {@code index_patterns}, but where a template of
 * higher priority takes every such index ({@link IndexMappings}), {@code GET _mapping} output to the rules searching
 * those indices, a component template through the given templates composing it, a plain mapping to every rule —
 * unless the entry names the index pattern itself. Later files override earlier ones; all override the base.
 *
 * <p>Between the base and the user's mappings lie Elastic's own field types per index pattern ({@link ElasticSchemas}:
 * Beats, filebeat modules as integrations, detection-rules' non-ECS fields, Endgame, Elastic Defend), which apply to
 * the rules searching those indices as they do in detection-rules.
 */
public final class IndexMappingResolver {

    private static final String NONE = "none";

    private IndexMappingResolver() {
    }

    /**
     * @throws IllegalArgumentException when a part is neither a known base nor a readable mapping file
     */
    public static IndexMappings resolve(String schema, List<String> mappings, Path baseDirectory) {
        FieldSchema base = null;
        List<ScopedMapping> scoped = new ArrayList<>();
        for (String part : parts(schema)) {
            Optional<FieldSchema> named = named(part);
            if (named.isPresent()) {
                base = named.get();
            } else if (Files.isRegularFile(baseDirectory.resolve(part)) || looksLikeAFile(part)) {
                // a part written as a file (a path, a .json name) that is not there is said to be missing, as --mapping says
                scoped.addAll(read(part, baseDirectory));
            } else {
                throw new IllegalArgumentException("unknown schema \"" + part + "\"; expected one of " + supported()
                        + ", or an Elasticsearch mapping file");
            }
        }
        for (String entry : mappings) {
            scoped.addAll(mappingEntry(entry.trim(), baseDirectory));
        }
        if (base == null) {
            base = EcsSchemas.defaultSchema();
        }
        FieldSchema index = base.isEmpty() ? EcsSchemas.defaultSchema() : base;
        return new IndexMappings(base, index, ElasticSchemas.layers(), scoped);
    }

    private static boolean looksLikeAFile(String part) {
        return part.contains("/") || part.contains("\\") || part.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
    }

    /**
     * Every mapping file the options name (schema parts that are not a base, and each {@code mappings} entry's file),
     * resolved against {@code baseDirectory}: inputs of every rule, for the incremental build's fingerprint.
     */
    public static List<Path> mappingFiles(String schema, List<String> mappings, Path baseDirectory) {
        List<Path> files = new ArrayList<>();
        parts(schema).stream().filter(part -> baseName(part).isEmpty()).map(baseDirectory::resolve).forEach(files::add);
        for (String entry : mappings) {
            int eq = patternEnd(entry);
            files.add(baseDirectory.resolve((eq < 0 ? entry : entry.substring(eq + 1)).trim()));
        }
        return files;
    }

    private static List<String> parts(String spec) {
        return Arrays.stream(spec.split(",")).map(String::trim).filter(part -> !part.isEmpty()).toList();
    }

    /** A {@code mappings} entry with its file resolved against {@code directory} (e.g. a Maven project's basedir). */
    public static String resolveEntry(String entry, Path directory) {
        int eq = patternEnd(entry);
        return eq < 0 ? directory.resolve(entry.trim()).toString()
                : entry.substring(0, eq).trim() + "=" + directory.resolve(entry.substring(eq + 1).trim());
    }

    /** {@code FILE} or {@code INDEX-PATTERN=FILE}. */
    private static List<ScopedMapping> mappingEntry(String entry, Path baseDirectory) {
        int eq = patternEnd(entry);
        if (eq < 0) {
            return read(entry, baseDirectory);
        }
        String pattern = entry.substring(0, eq).trim();
        return read(entry.substring(eq + 1).trim(), baseDirectory).stream().map(m -> m.scopedTo(List.of(pattern))).toList();
    }

    /** Where the index pattern of an entry ends, or -1: a pattern holds no path separator, so paths with '=' still work. */
    private static int patternEnd(String entry) {
        int eq = entry.indexOf('=');
        return eq > 0 && entry.substring(0, eq).indexOf('/') < 0 && entry.substring(0, eq).indexOf('\\') < 0 ? eq : -1;
    }

    private static List<ScopedMapping> read(String file, Path baseDirectory) {
        Path path = baseDirectory.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("mapping file " + file + (Files.isDirectory(path)
                    ? " is a directory: name a mapping, index template or GET _mapping file" : " does not exist"));
        }
        try {
            return MappingFile.readScoped(path, file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read mapping file " + file + ": " + FileProblems.describe(e), e);
        } catch (DiagnosticException e) {
            // bad usage as a missing file is, but said like every finding: file:line:column, what, code and hint
            Diagnostic d = e.diagnostic();
            throw new IllegalArgumentException(d.format() + (d.hint().isEmpty() ? "" : "\n    hint: " + d.hint()), e);
        }
    }

    private static Optional<FieldSchema> named(String part) {
        return baseName(part).map(name -> name.equals(NONE) ? FieldSchema.none() : EcsSchemas.load(name));
    }

    /** {@code none}, or the shipped ECS version a part names; empty for a file. Loads nothing. */
    private static Optional<String> baseName(String part) {
        String s = part.toLowerCase(Locale.ROOT);
        if (s.equals(NONE)) {
            return Optional.of(NONE);
        }
        if (s.equals("ecs")) {
            return Optional.of(EcsSchemas.VERSIONS.get(0));
        }
        if (s.startsWith("ecs-") || s.startsWith("ecs@")) {
            return EcsSchemas.resolveVersion(s.substring(4));
        }
        return Optional.empty();
    }

    public static String supported() {
        return "ecs, none, " + String.join(", ", EcsSchemas.VERSIONS.stream().map(v -> "ecs-" + v).toList());
    }
}
