package io.ruleforge.pipeline;

import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;

import java.util.Locale;
import java.util.Optional;

/** Resolves the {@code schema} option: {@code ecs} (the default ECS), {@code ecs-8.17}, {@code ecs-9.4}, {@code none}. */
public final class FieldSchemas {

    private FieldSchemas() {
    }

    public static Optional<FieldSchema> resolve(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("none")) {
            return Optional.of(FieldSchema.none());
        }
        if (s.equals("ecs")) {
            return Optional.of(EcsSchemas.defaultSchema());
        }
        if (s.startsWith("ecs-") || s.startsWith("ecs@")) {
            return EcsSchemas.resolveVersion(s.substring(4)).map(EcsSchemas::load);
        }
        return Optional.empty();
    }

    public static String supported() {
        return "ecs, none, " + String.join(", ", EcsSchemas.VERSIONS.stream().map(v -> "ecs-" + v).toList());
    }
}
