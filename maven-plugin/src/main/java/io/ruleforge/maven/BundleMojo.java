package io.ruleforge.maven;

import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.StageReport;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/** Writes the Kibana detection-engine import bundle {@code target/ruleforge/bundle/rules.ndjson}. */
@Mojo(name = "bundle", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = true)
public class BundleMojo extends AbstractRuleforgeMojo {
    @Override
    StageReport run(Ruleforge ruleforge) {
        return ruleforge.bundle();
    }
}
