package io.ruleforge.maven;

import io.ruleforge.pipeline.RuleforgeOptions;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/** The build goals (validate, compile, test, bundle), which recompute only the rules whose inputs changed. */
abstract class AbstractIncrementalMojo extends AbstractRuleforgeMojo {

    /**
     * Recompute only the rules whose inputs changed since the last build. A rule whose file, fixtures and settings
     * did not change, and whose outputs are still as written, is not compiled or tested again: its recorded results
     * are reported from the build state (the state folder of the output directory). False recomputes every rule.
     */
    @Parameter(property = "ruleforge.incremental", defaultValue = "true")
    boolean incremental;

    @Override
    RuleforgeOptions goalOptions(RuleforgeOptions options) throws MojoExecutionException {
        return options.withIncremental(incremental);
    }
}
