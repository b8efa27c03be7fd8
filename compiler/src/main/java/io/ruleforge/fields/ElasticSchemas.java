package io.ruleforge.fields;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The field types of Elastic's own data sources per index pattern — the Beats ({@code filebeat-*} with all its
 * modules, {@code winlogbeat-*}, {@code auditbeat-*} …), the filebeat modules as the integrations they became
 * ({@code logs-azure.signinlogs-*}), the non-ECS fields detection-rules declares per pattern, Endgame and Elastic
 * Defend extras — so that Elastic's prebuilt rules are checked against what their indices hold, as detection-rules
 * does. Derived from detection-rules' schemas (Elastic License 2.0, {@code LICENSE-ELASTIC-2.0.txt}) by
 * {@code compiler/tools/derive_elastic_fields.py}.
 *
 * <p>They form a layer between the base (ECS) and the user's mappings: see {@link IndexMappings}.
 */
public final class ElasticSchemas {

    private static final String RESOURCE = "elastic-fields.tsv.gz";

    private ElasticSchemas() {
    }

    /** Every pattern's fields, read once (immutable shipped data). */
    public static List<ScopedMapping> layers() {
        return Holder.LAYERS;
    }

    private static final class Holder {
        static final List<ScopedMapping> LAYERS = load();
    }

    private static List<ScopedMapping> load() {
        try (InputStream raw = ElasticSchemas.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("shipped resource " + RESOURCE + " is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
            List<ScopedMapping> layers = new ArrayList<>();
            String pattern = null;
            List<FieldMapping> fields = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    add(layers, pattern, fields);
                    pattern = line.substring(1, line.length() - 1);
                    fields = new ArrayList<>();
                } else {
                    fields.add(field(line.split("\t")));
                }
            }
            add(layers, pattern, fields);
            return List.copyOf(layers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shipped resource " + RESOURCE, e);
        }
    }

    /** {@code name, type[, options]}: options are {@code normalizer=lowercase ignore_above=1024}, as the data has them. */
    private static FieldMapping field(String[] columns) {
        FieldMapping field = new FieldMapping(columns[0], columns[1]);
        if (columns.length > 2) {
            for (String option : columns[2].split(" ")) {
                String[] kv = option.split("=", 2);
                field = switch (kv[0]) {
                    case "ignore_above" -> new FieldMapping(field.name(), field.type(), Integer.parseInt(kv[1]))
                            .withNormalizer(field.normalizer());
                    case "normalizer" -> field.withNormalizer(kv[1].equals(Normalizer.LOWERCASE.name()) ? Normalizer.LOWERCASE
                            : Normalizer.unmodelled(kv[1], "not one ruleforge knows"));
                    default -> throw new IllegalStateException("shipped resource " + RESOURCE + ": unknown option " + option);
                };
            }
        }
        return field;
    }

    private static void add(List<ScopedMapping> layers, String pattern, List<FieldMapping> fields) {
        if (pattern != null) {
            layers.add(new ScopedMapping("elastic " + pattern, List.of(pattern), FieldSchema.of("elastic " + pattern, fields)));
        }
    }
}
