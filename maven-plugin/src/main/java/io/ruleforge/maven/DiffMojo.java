package io.ruleforge.maven;

import io.ruleforge.diff.UnknownRevisionException;
import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.StageReport;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.Optional;

/**
 * Compares the rules with a base for pull-request review: rules added, removed and changed, and for each
 * changed rule the fixture events it now decides differently, its field and query changes, the DSL/EQL diff and
 * the version check. Writes {@code target/ruleforge/diff.md} (paste as a PR comment) and {@code diff.json}.
 */
@Mojo(name = "diff", threadSafe = true, requiresProject = true)
public class DiffMojo extends AbstractRuleforgeMojo {

    /** What to compare with: a git revision of the repository holding the rules (e.g. origin/main) or a rules.ndjson bundle. */
    @Parameter(property = "ruleforge.base", defaultValue = "origin/main")
    String base;

    /** A git revision whose rules to compare with the base instead of the working tree's. */
    @Parameter(property = "ruleforge.head")
    String head;

    /** Recorded events (NDJSON, NDJSON.gz, saved _search responses, or directories of them): adds each changed rule's alerts gained and lost on them. */
    @Parameter(property = "ruleforge.events")
    java.util.List<java.io.File> events = new java.util.ArrayList<>();

    /** The index the events that name none of their own were recorded in (as the replay goal's {@code eventsIndex}). */
    @Parameter(property = "ruleforge.eventsIndex")
    String eventsIndex;

    @Override
    StageReport run(Ruleforge ruleforge) {
        if (eventsIndex != null && events.isEmpty()) {
            throw new IllegalArgumentException("eventsIndex names the index of the recorded events: give them with events");
        }
        return ruleforge.diff(base, Optional.ofNullable(head), events.stream().map(java.io.File::toPath).toList(),
                Optional.ofNullable(eventsIndex));
    }

    /** A base or head that does not exist (most often origin/main not fetched) fails the build with how to fix it. */
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        try {
            super.execute();
        } catch (MojoExecutionException e) {
            if (e.getCause() instanceof UnknownRevisionException unknown) {
                throw new MojoFailureException("ruleforge: " + unknown.getMessage());
            }
            throw e;
        }
    }
}
