package io.ruleforge.maven;

import java.nio.file.Path;

/** A goal configured as a project at {@code project} would configure it: Maven's defaults for the shared settings. */
final class ProjectMojos {

    private ProjectMojos() {
    }

    /** {@code mojo} with the rules in src/rules, fixtures in src/test/fixtures, output in target/ruleforge, Kibana 8.12/ECS. */
    static <T extends AbstractRuleforgeMojo> T inProject(T mojo, Path project) {
        mojo.rulesDirectory = project.resolve("src/rules").toFile();
        mojo.fixturesDirectory = project.resolve("src/test/fixtures").toFile();
        mojo.outputDirectory = project.resolve("target/ruleforge").toFile();
        mojo.projectDirectory = project.toFile();
        mojo.executionRoot = project.toFile();
        mojo.kibanaVersion = "8.12";
        mojo.esqlVersion = "9";
        mojo.schema = "ecs";
        return mojo;
    }
}
