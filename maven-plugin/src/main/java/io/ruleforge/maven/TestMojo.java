package io.ruleforge.maven;

import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.RuleforgeOptions;
import io.ruleforge.pipeline.StageReport;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Runs every rule on its fixture events (positives must fire, negatives must stay quiet, generated boundary
 * cases must behave as the query's IP exclusions say) and writes Surefire-style JUnit XML reports.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.TEST, threadSafe = true, requiresProject = true)
public class TestMojo extends AbstractIncrementalMojo {

    /** Skip the fixture tests, like Surefire. */
    @Parameter(property = "skipTests", defaultValue = "false")
    boolean skipTests;

    /** Skip the fixture tests, like Surefire's and the compiler's {@code maven.test.skip}, which skips every test. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    boolean mavenTestSkip;

    /**
     * Decide the fixtures with the Elasticsearch at this URL instead of the built-in evaluator (a temporary index
     * per rule, deleted afterwards). Credentials come from the environment: {@code RULEFORGE_ES_API_KEY}, or
     * {@code RULEFORGE_ES_USERNAME} and {@code RULEFORGE_ES_PASSWORD}.
     */
    @Parameter(property = "ruleforge.engineUrl")
    String engineUrl;

    @Override
    RuleforgeOptions goalOptions(RuleforgeOptions options) throws MojoExecutionException {
        RuleforgeOptions incremental = super.goalOptions(options);
        if (engineUrl == null || engineUrl.isBlank()) {
            return incremental;
        }
        try {
            return incremental.withEngine(new URI(engineUrl.trim()));
        } catch (URISyntaxException e) {
            throw new MojoExecutionException("ruleforge: engineUrl is not a URL: " + engineUrl, e);
        }
    }

    @Override
    boolean skipped() {
        return skipTests || mavenTestSkip;
    }

    @Override
    StageReport run(Ruleforge ruleforge) {
        return ruleforge.test();
    }
}
