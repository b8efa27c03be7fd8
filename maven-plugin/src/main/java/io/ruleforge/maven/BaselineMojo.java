package io.ruleforge.maven;

import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.StageReport;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Records today's warnings in {@code ruleforge-baseline.json} in the rules directory, for a team adopting ruleforge
 * on an existing rules repository: later goals report only warnings not in it. Commit the file; errors are never
 * baselined.
 */
@Mojo(name = "baseline", threadSafe = true, requiresProject = true)
public class BaselineMojo extends AbstractRuleforgeMojo {
    @Override
    StageReport run(Ruleforge ruleforge) {
        return ruleforge.baseline();
    }
}
