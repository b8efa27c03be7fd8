package io.ruleforge.evaluate.engine;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineConnectionTest {

    private static final URI URL = URI.create("https://es.example.com:9243/some/path");

    @Test
    void anApiKeyFromTheEnvironmentIsSentAsApiKeyAuthorization() {
        EngineConnection c = EngineConnection.fromEnvironment(URL, Map.of(EngineConnection.API_KEY, "c2VjcmV0LWtleQ==",
                EngineConnection.USERNAME, "elastic"));
        assertThat(c.authorization()).contains("ApiKey c2VjcmV0LWtleQ==");
        assertThat(c.authenticationKind()).isEqualTo("API key");
    }

    @Test
    void usernameAndPasswordBecomeBasicAuthentication() {
        EngineConnection c = EngineConnection.fromEnvironment(URL, Map.of(EngineConnection.USERNAME, "elastic",
                EngineConnection.PASSWORD, "changeme"));
        assertThat(c.authorization()).contains("Basic ZWxhc3RpYzpjaGFuZ2VtZQ==");
        assertThat(EngineConnection.fromEnvironment(URL, Map.of()).authorization()).isEmpty();
    }

    @Test
    void secretsNeverAppearInWhatIsPrinted() {
        EngineConnection c = EngineConnection.fromEnvironment(URL, Map.of(EngineConnection.USERNAME, "elastic",
                EngineConnection.PASSWORD, "changeme"));
        assertThat(c.toString()).doesNotContain("changeme").doesNotContain("ZWxhc3RpYzpjaGFuZ2VtZQ==")
                .contains("https://es.example.com:9243").contains("basic authentication");
        assertThat(c.displayUrl()).isEqualTo("https://es.example.com:9243");
    }

    @Test
    void onlyHttpUrlsAreEngines() {
        assertThatThrownBy(() -> EngineConnection.anonymous(URI.create("ftp://es.example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://host");
        assertThatThrownBy(() -> EngineConnection.anonymous(URI.create("localhost:9200")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aUserNameWithoutAPasswordOrThePasswordAloneIsBadUsageNamingTheMissingVariable() {
        assertThatThrownBy(() -> EngineConnection.fromEnvironment(URL, Map.of(EngineConnection.USERNAME, "elastic")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RULEFORGE_ES_USERNAME is set but RULEFORGE_ES_PASSWORD is not: set both for basic authentication, "
                        + "or RULEFORGE_ES_API_KEY instead");
        assertThatThrownBy(() -> EngineConnection.fromEnvironment(URL, Map.of(EngineConnection.PASSWORD, "changeme")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("RULEFORGE_ES_PASSWORD is set but RULEFORGE_ES_USERNAME is not")
                .hasMessageNotContaining("changeme");
        // an API key is complete on its own: a stray user name beside it changes nothing
        assertThat(EngineConnection.fromEnvironment(URL, Map.of(EngineConnection.API_KEY, "a2V5", EngineConnection.USERNAME, "elastic"))
                .authenticationKind()).isEqualTo("API key");
    }
}
