package io.ruleforge.testing;

import io.ruleforge.compile.CompiledRule;
import io.ruleforge.compile.CompilerSettings;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.ElasticSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.IndexMappings;
import io.ruleforge.load.LoadResult;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.rule.ExceptionListLoader;
import io.ruleforge.rule.Rule;
import io.ruleforge.validate.SchemaValidator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's own rules and fixtures, as the integration tests find them: failsafe names the folders in the
 * system properties {@code ruleforge.rules} and {@code ruleforge.fixtures}.
 */
public final class ProjectRules {

    private ProjectRules() {
    }

    public static Path rulesFolder() {
        return projectPath("ruleforge.rules");
    }

    public static Path fixturesFolder() {
        return projectPath("ruleforge.fixtures");
    }

    /**
     * Every valid rule of the project (its build output excluded), compiled with the settings and the project's
     * exception lists ({@code exceptions} beside the rules), as the build compiles them.
     */
    public static List<CompiledRule> compile(CompilerSettings settings) {
        Path rulesDirectory = rulesFolder();
        LoadResult loaded = new RuleLoader(Path.of("").toAbsolutePath()).loadDirectory(rulesDirectory, List.of(rulesDirectory.resolve("target")));
        List<Rule> rules = new SchemaValidator().validate(loaded.documents()).rules();
        ExceptionListLoader.Result exceptions = new ExceptionListLoader(Path.of("").toAbsolutePath())
                .load(rulesDirectory.toAbsolutePath().normalize().resolveSibling("exceptions"), true);
        assertThat(exceptions.diagnostics()).as("the project's exception lists").isEmpty();
        return new RuleCompiler(settings, exceptions.lists(), Instant.now()).compile(rules).rules();
    }

    /**
     * The field types the build gives the rules: {@code kibanaBase} for Kibana's data view (ECS, or none), ECS for
     * the index, and Elastic's own per index pattern (Elastic Defend's {@code *.caseless} fields among them).
     */
    public static IndexMappings fieldTypes(FieldSchema kibanaBase) {
        return new IndexMappings(kibanaBase, EcsSchemas.defaultSchema(), ElasticSchemas.layers(), List.of());
    }

    private static Path projectPath(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property " + property + " (set by failsafe)").isNotNull();
        return Path.of(value);
    }
}
