package io.ruleforge.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MITRE ATT&CK Enterprise (shipped resource {@code attack.json}, v18.1; see LICENSE-ATTACK.txt beside it):
 * tactics, techniques and sub-techniques, with revoked and deprecated entries and what replaced them.
 */
public final class AttackCatalog {

    private final String version;
    private final Map<String, Tactic> tactics;
    private final Map<String, Technique> techniques;

    public record Tactic(String id, String name, String reference) {
    }

    /**
     * @param revokedBy the id that replaced a revoked technique, or null
     */
    public record Technique(String id, String name, String reference, Set<String> tactics, boolean subtechnique,
                            boolean revoked, String revokedBy, boolean deprecated) {
    }

    private AttackCatalog(String version, Map<String, Tactic> tactics, Map<String, Technique> techniques) {
        this.version = version;
        this.tactics = Map.copyOf(tactics);
        this.techniques = Map.copyOf(techniques);
    }

    /** The shipped Enterprise matrix. */
    public static AttackCatalog enterprise() {
        try (InputStream in = AttackCatalog.class.getResourceAsStream("attack.json")) {
            if (in == null) {
                throw new IllegalStateException("shipped resource attack.json is missing");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            Map<String, Tactic> tactics = new LinkedHashMap<>();
            for (JsonNode t : root.path("tactics")) {
                tactics.put(t.path("id").asText(), new Tactic(t.path("id").asText(), t.path("name").asText(), t.path("reference").asText()));
            }
            Map<String, Technique> techniques = new LinkedHashMap<>();
            for (JsonNode t : root.path("techniques")) {
                List<String> ofTactics = new ArrayList<>();
                t.path("tactics").forEach(x -> ofTactics.add(x.asText()));
                techniques.put(t.path("id").asText(), new Technique(t.path("id").asText(), t.path("name").asText(),
                        t.path("reference").asText(), Set.copyOf(ofTactics), t.path("subtechnique").asBoolean(),
                        t.path("revoked").asBoolean(), t.hasNonNull("revoked_by") ? t.path("revoked_by").asText() : null,
                        t.path("deprecated").asBoolean()));
            }
            return new AttackCatalog(root.path("attack_version").asText(), tactics, techniques);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shipped resource attack.json", e);
        }
    }

    public String version() {
        return version;
    }

    public Optional<Tactic> tactic(String id) {
        return Optional.ofNullable(tactics.get(id));
    }

    public Optional<Technique> technique(String id) {
        return Optional.ofNullable(techniques.get(id));
    }

    /**
     * Follows {@code revoked_by} links to the technique that is current today (chains happen: A revoked by B,
     * B later revoked by C). Empty when the chain ends nowhere or loops.
     */
    public Optional<Technique> currentReplacement(Technique revoked) {
        Technique t = revoked;
        for (int hops = 0; hops < 16 && t != null && t.revoked(); hops++) {
            t = t.revokedBy() == null ? null : techniques.get(t.revokedBy());
        }
        return t == null || t.revoked() ? Optional.empty() : Optional.of(t);
    }

    /** References compare without scheme case or the trailing slash Elastic's rules add. */
    public static boolean sameReference(String a, String b) {
        return normalise(a).equals(normalise(b));
    }

    private static String normalise(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.replaceFirst("^(?i)http://", "https://");
    }
}
