package io.ruleforge.maven;

import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.StageReport;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

import java.io.File;

/**
 * Writes the Kibana detection-engine import bundle ({@code target/ruleforge/bundle/rules.ndjson}, one JSON file
 * per rule and a manifest) and attaches {@code target/ruleforge/bundle.zip} to the project with classifier
 * {@code rules}, so that {@code mvn install} and {@code mvn deploy} publish it.
 */
@Mojo(name = "bundle", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true, requiresProject = true)
public class BundleMojo extends AbstractIncrementalMojo {

    /** The classifier of the attached bundle zip. */
    @Parameter(property = "ruleforge.bundleClassifier", defaultValue = "rules")
    String bundleClassifier;

    @Component
    MavenProjectHelper projectHelper;

    @Override
    StageReport run(Ruleforge ruleforge) {
        StageReport report = ruleforge.bundle();
        File zip = new File(outputDirectory, "bundle.zip");
        if (!report.failed(failOnWarning) && zip.isFile()) {
            projectHelper.attachArtifact(project, "zip", bundleClassifier, zip);
        }
        return report;
    }
}
