package io.ruleforge.maven;

import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.StageReport;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/** Loads, validates and compiles every rule, and fails the build on any error, naming file, line and column. */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true, requiresProject = true)
public class ValidateMojo extends AbstractIncrementalMojo {
    @Override
    StageReport run(Ruleforge ruleforge) {
        return ruleforge.validate();
    }
}
