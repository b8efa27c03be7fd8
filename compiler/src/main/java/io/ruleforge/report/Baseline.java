package io.ruleforge.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.Code;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.AtomicFiles;
import io.ruleforge.files.Utf8Text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The warnings a team accepted when it adopted ruleforge on an existing rules repository (as SpotBugs', detekt's
 * and Spotless' ratchets do): each by rule file, code and a fingerprint that does not depend on the line, so that
 * editing a rule above a warning does not bring it back. Later runs report only warnings not in the baseline.
 *
 * @param counts how many warnings of each key the baseline accepts (one rule may have the same finding twice)
 */
public record Baseline(Map<Key, Integer> counts) {

    /** How a finding's file is named in the baseline: relative to the rules, so it does not depend on where a run starts. */
    public interface FileNames extends java.util.function.UnaryOperator<String> {
    }

    /** The file the team commits, beside the rules (as {@code version.lock.json}). */
    public static final String FILE_NAME = "ruleforge-baseline.json";
    /** A baseline file that cannot be read. */
    public static final String BAD_BASELINE = Code.RF5001.id();

    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What identifies one accepted warning. */
    public record Key(String file, String code, String fingerprint) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = file.compareTo(o.file);
            c = c != 0 ? c : code.compareTo(o.code);
            return c != 0 ? c : fingerprint.compareTo(o.fingerprint);
        }
    }

    /**
     * The findings a run reports once the baseline is applied.
     *
     * @param kept       every finding the baseline does not accept, errors always
     * @param baselined  how many warnings the baseline accepted
     */
    public record Applied(List<Diagnostic> kept, int baselined) {
        public Applied {
            kept = List.copyOf(kept);
        }
    }

    public Baseline {
        counts = java.util.Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    /** The baseline accepting every warning of {@code diagnostics} (errors are never accepted: they must be fixed). */
    public static Baseline of(List<Diagnostic> diagnostics, FileNames names) {
        Map<Key, Integer> counts = new TreeMap<>();
        diagnostics.stream().filter(d -> d.severity() == Severity.WARNING).forEach(d -> counts.merge(key(d, names), 1, Integer::sum));
        return new Baseline(counts);
    }

    public static Key key(Diagnostic d, FileNames names) {
        return new Key(names.apply(d.position().file()), d.code(), fingerprint(d));
    }

    /**
     * A hash of the code and the message with positions taken out ({@code rules/a.toml:16:11} → {@code rules/a.toml}),
     * so the same finding keeps its fingerprint when lines move.
     */
    public static String fingerprint(Diagnostic d) {
        String message = d.message().replaceAll(":\\d+:\\d+", "").replaceAll("\\bline \\d+", "line");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((d.code() + "\n" + message).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Takes out the warnings the baseline accepts, each accepted entry once. */
    public Applied apply(List<Diagnostic> diagnostics, FileNames names) {
        Map<Key, Integer> left = new TreeMap<>(counts);
        List<Diagnostic> kept = new ArrayList<>();
        int baselined = 0;
        for (Diagnostic d : diagnostics) {
            if (d.severity() == Severity.WARNING && left.getOrDefault(key(d, names), 0) > 0) {
                left.merge(key(d, names), -1, Integer::sum);
                baselined++;
            } else {
                kept.add(d);
            }
        }
        return new Applied(kept, baselined);
    }

    public int size() {
        return size(code -> true);
    }

    /** How many warnings of the codes {@code codes} accepts the baseline holds. */
    public int size(java.util.function.Predicate<String> codes) {
        return counts.entrySet().stream().filter(e -> codes.test(e.getKey().code())).mapToInt(Map.Entry::getValue).sum();
    }

    /** Writes the baseline of {@code diagnostics}' warnings, with each one's message for the reviewer of the file. */
    public static Path write(Path file, List<Diagnostic> diagnostics, FileNames names) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode warnings = root.putArray("warnings");
        Map<Key, Diagnostic> examples = new TreeMap<>();
        diagnostics.stream().filter(d -> d.severity() == Severity.WARNING).forEach(d -> examples.putIfAbsent(key(d, names), d));
        of(diagnostics, names).counts().forEach((k, n) -> {
            ObjectNode w = warnings.addObject();
            w.put("file", k.file());
            w.put("code", k.code());
            w.put("fingerprint", k.fingerprint());
            if (n > 1) {
                w.put("count", n);
            }
            w.put("message", examples.get(k).message());
        });
        try {
            // atomically: a half-written baseline would be committed and then refused by every build
            AtomicFiles.write(file, JSON.writeValueAsString(root) + "\n");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Reads a baseline file; an unreadable one is a finding at the file, and no warning is then accepted.
     *
     * @throws BaselineException when the file is not a baseline
     */
    public static Baseline read(Path file, String display) throws BaselineException {
        try {
            JsonNode root = JSON.readTree(Utf8Text.read(file));
            if (root == null || !root.isObject() || root.path("format").asInt() != FORMAT || !root.path("warnings").isArray()) {
                throw new BaselineException(bad(display, "expected {\"format\": 1, \"warnings\": [...]} as `ruleforge baseline` writes it"));
            }
            Map<Key, Integer> counts = new TreeMap<>();
            for (JsonNode w : root.path("warnings")) {
                String f = w.path("file").asText("");
                String code = w.path("code").asText("");
                String fingerprint = w.path("fingerprint").asText("");
                if (f.isEmpty() || code.isEmpty() || fingerprint.isEmpty()) {
                    throw new BaselineException(bad(display, "every warning needs file, code and fingerprint, found " + w));
                }
                counts.merge(new Key(f, code, fingerprint), Math.max(1, w.path("count").asInt(1)), Integer::sum);
            }
            return new Baseline(counts);
        } catch (IOException e) {
            throw new BaselineException(bad(display, "cannot read it: " + e.getMessage().lines().findFirst().orElse("")));
        }
    }

    private static Diagnostic bad(String display, String what) {
        return Diagnostic.error(BAD_BASELINE, SourcePosition.ofFile(display), "unusable baseline: " + what)
                .withHint("run `ruleforge baseline` (or `mvn ruleforge:baseline`) to write it again");
    }

    /** A baseline file that cannot be used, said as a finding. */
    public static final class BaselineException extends Exception {
        private final transient Diagnostic diagnostic;

        BaselineException(Diagnostic diagnostic) {
            super(diagnostic.message());
            this.diagnostic = diagnostic;
        }

        public Diagnostic diagnostic() {
            return diagnostic;
        }
    }
}
