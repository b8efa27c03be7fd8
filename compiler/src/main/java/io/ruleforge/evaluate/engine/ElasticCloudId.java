package io.ruleforge.evaluate.engine;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * An Elastic Cloud id, {@code [NAME:]BASE64}, where BASE64 encodes {@code HOST[:PORT]$ES_UUID[:PORT]$KIBANA_UUID[:PORT]}.
 * Decoded as Elastic's clients decode it: the Elasticsearch URL is {@code https://ES_UUID.HOST:PORT}, the port taken
 * from the Elasticsearch part, else from the host part, else 443.
 *
 * @param name          the deployment name before the colon, when there is one
 * @param elasticsearch the deployment's Elasticsearch URL
 */
public record ElasticCloudId(Optional<String> name, URI elasticsearch) {

    private static final int DEFAULT_PORT = 443;

    /** Decodes {@code cloudId}; a malformed id is an {@link IllegalArgumentException} saying what is wrong. */
    public static ElasticCloudId parse(String cloudId) {
        String id = cloudId.trim();
        int colon = id.indexOf(':');
        // the name may be empty ("":BASE64) or absent; base64 holds no colon, so the first one ends the name
        Optional<String> name = colon > 0 ? Optional.of(id.substring(0, colon)) : Optional.empty();
        String encoded = colon >= 0 ? id.substring(colon + 1) : id;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed(cloudId, "the part after the deployment name is not base64");
        }
        String[] parts = decoded.split("\\$", -1);
        if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
            // bytes that are no UTF-8 text decode to U+FFFD: printed, they would only be noise
            throw malformed(cloudId, (decoded.chars().noneMatch(c -> c == 0xFFFD || Character.isISOControl(c))
                    ? "it decodes to \"" + decoded + "\"" : "it decodes to bytes that are not text") + ", not HOST$ES_UUID$KIBANA_UUID");
        }
        HostPort host = HostPort.of(parts[0], cloudId);
        HostPort es = HostPort.of(parts[1], cloudId);
        int port = es.port().orElse(host.port().orElse(DEFAULT_PORT));
        try {
            return new ElasticCloudId(name, new URI("https", null, es.host() + "." + host.host(), port, null, null, null));
        } catch (java.net.URISyntaxException e) {
            throw malformed(cloudId, "\"" + es.host() + "." + host.host() + "\" is not a host name");
        }
    }

    private static IllegalArgumentException malformed(String cloudId, String why) {
        return new IllegalArgumentException("--cloud-id \"" + cloudId + "\" is not an Elastic Cloud id (NAME:BASE64 as the "
                + "Elastic Cloud console shows it): " + why);
    }

    private record HostPort(String host, Optional<Integer> port) {
        static HostPort of(String text, String cloudId) {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                return new HostPort(text, Optional.empty());
            }
            try {
                return new HostPort(text.substring(0, colon), Optional.of(Integer.parseInt(text.substring(colon + 1))));
            } catch (NumberFormatException e) {
                throw malformed(cloudId, "\"" + text.substring(colon + 1) + "\" in \"" + text + "\" is not a port");
            }
        }
    }
}
