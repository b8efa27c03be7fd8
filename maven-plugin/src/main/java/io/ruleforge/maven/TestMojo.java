package io.ruleforge.maven;

import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.StageReport;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs every rule on its fixture events (positives must fire, negatives must stay quiet, generated boundary
 * cases must behave as the query's IP exclusions say) and writes Surefire-style JUnit XML reports.
 */
@Mojo(name = "test", defaultPhase = LifecyclePhase.TEST, threadSafe = true, requiresProject = true)
public class TestMojo extends AbstractRuleforgeMojo {

    /** Skip the fixture tests, like Surefire. */
    @Parameter(property = "skipTests", defaultValue = "false")
    boolean skipTests;

    @Override
    boolean skipped() {
        return skipTests;
    }

    @Override
    StageReport run(Ruleforge ruleforge) {
        return ruleforge.test();
    }
}
