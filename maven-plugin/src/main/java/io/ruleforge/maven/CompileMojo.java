package io.ruleforge.maven;

import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.StageReport;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/** Compiles every KQL rule to the DSL Kibana sends and to EQL, written to {@code target/ruleforge/compiled/}. */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true, requiresProject = true)
public class CompileMojo extends AbstractIncrementalMojo {
    @Override
    StageReport run(Ruleforge ruleforge) {
        return ruleforge.compile();
    }
}
