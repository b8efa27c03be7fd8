package io.ruleforge.maven;

import io.ruleforge.version.RuleforgeVersion;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints the ruleforge the build runs: its version and, when built from a git checkout, the commit, as the CLI's
 * {@code --version}, the SARIF report and the bundle manifest name it. Warns when the plugin runs another ruleforge
 * library than its own (a dependency override in the build).
 */
@Mojo(name = "version", threadSafe = true, requiresProject = false)
public class VersionMojo extends AbstractMojo {

    /** The version of this plugin, as Maven resolved it. */
    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    String pluginVersion;

    @Override
    public void execute() {
        RuleforgeVersion running = RuleforgeVersion.current();
        getLog().info("ruleforge " + running.describe());
        if (pluginVersion != null && !pluginVersion.equals(running.version())) {
            getLog().warn("ruleforge-maven-plugin " + pluginVersion + " runs ruleforge library " + running.version()
                    + ": a dependency override in this build replaced the plugin's own");
        }
    }
}
