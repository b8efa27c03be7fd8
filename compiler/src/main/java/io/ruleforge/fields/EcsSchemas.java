package io.ruleforge.fields;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The ECS field definitions shipped as resources (derived from ECS's generated field CSVs, Apache-2.0). */
public final class EcsSchemas {

    /** The ECS versions ruleforge ships; the first is the default. */
    public static final List<String> VERSIONS = List.of("9.4.0", "8.17.0");

    private EcsSchemas() {
    }

    public static FieldSchema defaultSchema() {
        return load(VERSIONS.get(0));
    }

    /**
     * Resolves a version as a user writes it: {@code 9.4.0}, {@code 9.4}, {@code 8.17}; empty when not shipped.
     */
    public static Optional<String> resolveVersion(String requested) {
        String wanted = requested.toLowerCase(Locale.ROOT).replaceFirst("^(ecs-?|v)", "");
        for (String v : VERSIONS) {
            if (v.equals(wanted) || v.startsWith(wanted + ".")) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    public static FieldSchema load(String version) {
        String resource = "ecs-" + version + ".tsv";
        try (InputStream in = EcsSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("ECS " + version + " is not shipped; shipped versions: " + VERSIONS);
            }
            List<FieldMapping> mappings = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                int ignoreAbove = cols.length > 2 && !cols[2].isEmpty() ? Integer.parseInt(cols[2]) : 0;
                mappings.add(new FieldMapping(cols[0], cols[1], ignoreAbove));
            }
            return FieldSchema.of("ecs-" + version, mappings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shipped resource " + resource, e);
        }
    }
}
