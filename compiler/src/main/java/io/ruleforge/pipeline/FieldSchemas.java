package io.ruleforge.pipeline;

import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.MappingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves the {@code schema} option: a comma-separated list of a base — {@code ecs} (ECS 9.4.0, the default),
 * {@code ecs-8.17}, {@code ecs-9.4} or {@code none} — and Elasticsearch mapping or index-template files whose
 * fields extend or override it, e.g. {@code ecs,mappings/winlogbeat.json}. A file alone means ECS plus the file.
 *
 * <p>Two schemas come out: the fields Kibana knows when it translates KQL ({@code none} reproduces Kibana without
 * an index pattern), and the mapping of the indices, which decides evaluation and field checks (ECS when the
 * base is {@code none}).
 */
public final class FieldSchemas {

    /** What a {@code schema} option resolves to. */
    public record Resolved(FieldSchema kibanaFields, FieldSchema indexFields) {
    }

    private static final String NONE = "none";

    private FieldSchemas() {
    }

    /**
     * @throws IllegalArgumentException when a part is neither a known base nor a readable mapping file
     */
    public static Resolved resolveBoth(String spec, Path baseDirectory) {
        FieldSchema base = null;
        FieldSchema overlay = FieldSchema.none();
        for (String part : parts(spec)) {
            Optional<FieldSchema> named = named(part);
            if (named.isPresent()) {
                base = named.get();
                continue;
            }
            Path file = baseDirectory.resolve(part);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("unknown schema \"" + part + "\"; expected one of " + supported()
                        + ", or an Elasticsearch mapping file");
            }
            try {
                FieldSchema mapping = MappingFile.read(file);
                overlay = overlay.isEmpty() ? mapping : overlay.overlay(mapping);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read mapping file " + part + ": " + e.getMessage(), e);
            }
        }
        if (base == null) {
            base = EcsSchemas.defaultSchema();
        }
        FieldSchema index = (base.isEmpty() ? EcsSchemas.defaultSchema() : base);
        index = overlay.isEmpty() ? index : index.overlay(overlay);
        FieldSchema kibana = base.isEmpty() ? base : (overlay.isEmpty() ? base : base.overlay(overlay));
        return new Resolved(kibana, index);
    }

    /** The mapping files a spec names (every part that is not a base), resolved against {@code baseDirectory}. */
    public static List<Path> mappingFiles(String spec, Path baseDirectory) {
        return parts(spec).stream().filter(part -> baseName(part).isEmpty()).map(baseDirectory::resolve).toList();
    }

    private static List<String> parts(String spec) {
        return Arrays.stream(spec.split(",")).map(String::trim).filter(part -> !part.isEmpty()).toList();
    }

    /** The fields Kibana knows; empty when the spec names nothing known (files are resolved against the working directory). */
    public static Optional<FieldSchema> resolve(String spec) {
        try {
            return Optional.of(resolveBoth(spec, Path.of("")).kibanaFields());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
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
