package io.ruleforge.load;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The two file formats a rule can be written in; both hold the same detection-rules tree. */
public enum SourceFormat {
    TOML,
    YAML;

    public static Optional<SourceFormat> of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".toml")) {
            return Optional.of(TOML);
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return Optional.of(YAML);
        }
        return Optional.empty();
    }
}
