package io.ruleforge.version;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RuleforgeVersionTest {

    @Test
    void theVersionIsTheOneMavenBuiltWith() {
        // surefire runs inside the compiler module's build, whose version the parent pom sets
        String built = System.getProperty("ruleforge.expectedVersion");
        assertThat(built).as("the pom passes its version to the tests").isNotBlank().doesNotStartWith("${");
        assertThat(RuleforgeVersion.current().version()).isEqualTo(built);
    }
}
