package io.ruleforge.evaluate.engine;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElasticCloudIdTest {

    private static String encode(String decoded) {
        return Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theElasticsearchHostIsTheUuidBelowTheDomainOnHttpsPort443() {
        ElasticCloudId id = ElasticCloudId.parse("prod:" + encode("us-east-1.aws.found.io$4fa8821e75634032bed1cf22110e2f97$kib"));
        assertThat(id.name()).contains("prod");
        assertThat(id.elasticsearch()).isEqualTo(URI.create("https://4fa8821e75634032bed1cf22110e2f97.us-east-1.aws.found.io:443"));
    }

    @Test
    void aPortOnTheDomainOrOnTheElasticsearchPartIsUsedTheLatterFirst() {
        assertThat(ElasticCloudId.parse("x:" + encode("eastus2.azure.elastic-cloud.com:9243$abc$def")).elasticsearch())
                .isEqualTo(URI.create("https://abc.eastus2.azure.elastic-cloud.com:9243"));
        assertThat(ElasticCloudId.parse("x:" + encode("eastus2.azure.elastic-cloud.com:9243$abc:9244$def")).elasticsearch())
                .isEqualTo(URI.create("https://abc.eastus2.azure.elastic-cloud.com:9244"));
    }

    @Test
    void theNameIsOptional() {
        ElasticCloudId id = ElasticCloudId.parse(encode("cloud.es.io$abc$"));
        assertThat(id.name()).isEqualTo(Optional.empty());
        assertThat(id.elasticsearch()).isEqualTo(URI.create("https://abc.cloud.es.io:443"));
    }

    @Test
    void aMalformedIdSaysWhatIsWrong() {
        assertThatThrownBy(() -> ElasticCloudId.parse("prod:not*base64"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not base64");
        assertThatThrownBy(() -> ElasticCloudId.parse("prod:" + encode("only-a-host")))
                .hasMessageContaining("decodes to \"only-a-host\", not HOST$ES_UUID$KIBANA_UUID");
        // "garbage" is base64 of bytes that are no text: named so, not printed as replacement characters
        assertThatThrownBy(() -> ElasticCloudId.parse("garbage"))
                .hasMessageContaining("it decodes to bytes that are not text, not HOST$ES_UUID$KIBANA_UUID").hasMessageNotContaining("\uFFFD");
        assertThatThrownBy(() -> ElasticCloudId.parse("prod:" + encode("host:port$abc$def")))
                .hasMessageContaining("\"port\" in \"host:port\" is not a port");
    }
}
