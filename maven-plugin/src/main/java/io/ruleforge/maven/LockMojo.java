package io.ruleforge.maven;

import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.StageReport;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Rewrites the version lock ({@code version.lock.json} in the rules directory): adds new rules at their version
 * and bumps every rule whose deployable content changed. Run it when validation reports a content change
 * without a version bump; commit the lock with the change.
 */
@Mojo(name = "lock", threadSafe = true, requiresProject = true)
public class LockMojo extends AbstractRuleforgeMojo {
    @Override
    StageReport run(Ruleforge ruleforge) {
        return ruleforge.lock();
    }
}
