package io.ruleforge.testing;

import io.ruleforge.load.LoadResult;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.rule.Rule;
import io.ruleforge.validate.SchemaValidator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One small rule written in the detection-rules layout, loaded and validated as the project's rules are. */
public final class SingleRule {

    private SingleRule() {
    }

    /** A valid rule of {@code type} in {@code language} with {@code query}; {@code extra} lines end its {@code [rule]} table. */
    public static String toml(String type, String language, String query, String extra) {
        return """
                [metadata]
                creation_date = "2024/01/10"
                maturity = "production"
                updated_date = "2024/02/01"

                [rule]
                author = ["ruleforge"]
                description = "A rule."
                from = "now-6m"
                index = ["winlogbeat-*"]
                interval = "5m"
                language = "LANGUAGE"
                license = "Apache-2.0"
                name = "A rule"
                risk_score = 47
                rule_id = "5b0c4a52-3f0e-4c5e-9d39-6c1b7f0a8e21"
                severity = "medium"
                type = "TYPE"
                version = 1
                query = 'QUERY'
                """.replace("TYPE", type).replace("LANGUAGE", language).replace("QUERY", query) + extra;
    }

    /** The rule {@code toml}, alone in a new folder under {@code dir}, loaded and valid. */
    public static Rule load(Path dir, String toml) {
        try {
            Path rules = Files.createDirectories(dir.resolve("rules" + System.nanoTime()));
            Files.writeString(rules.resolve("a.toml"), toml);
            LoadResult loaded = new RuleLoader(dir).loadDirectory(rules, List.of());
            List<Rule> valid = new SchemaValidator().validate(loaded.documents()).rules();
            assertThat(valid).as("the rule loads and is valid").hasSize(1);
            return valid.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
