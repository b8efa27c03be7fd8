package io.ruleforge.version;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleforgeVersionTest {

    @Test
    void theVersionIsTheOneMavenBuiltWith() {
        // surefire runs inside the compiler module's build, whose version the parent pom sets
        assertThat(RuleforgeVersion.current().version()).isEqualTo(VersionSurfacesTest.expectedVersion());
        assertThat(RuleforgeVersion.current().commit()).isEqualTo(VersionSurfacesTest.expectedCommit());
    }

    @Test
    void aCommitTheBuildCouldNotFillInIsNoCommit() {
        Properties built = new Properties();
        built.setProperty("version", "1.2.0");
        built.setProperty("commit", "${git.commit.id.abbrev}");
        RuleforgeVersion version = RuleforgeVersion.of(built);
        assertThat(version.commit()).isEmpty();
        assertThat(version.describe()).isEqualTo("1.2.0");

        built.setProperty("commit", "0123456789");
        assertThat(RuleforgeVersion.of(built).describe()).isEqualTo("1.2.0 (commit 0123456789)");
        assertThat(RuleforgeVersion.of(built).commit()).isEqualTo(Optional.of("0123456789"));
    }

    @Test
    void anUnfilteredVersionIsABuildFault() {
        Properties unfiltered = new Properties();
        unfiltered.setProperty("version", "${project.version}");
        assertThatThrownBy(() -> RuleforgeVersion.of(unfiltered)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not filtered");
    }
}
