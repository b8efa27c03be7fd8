package io.ruleforge.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.attack.AttackCatalog;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.load.RuleDocument;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Checks a rule's MITRE ATT&CK mapping against the shipped Enterprise matrix. An id is the identity of a
 * tactic or technique: unknown ids, techniques under a tactic they do not belong to, and references that point
 * elsewhere are errors. Names are labels that ATT&CK changes between versions, so a name that differs from the
 * current one is a warning naming it; revoked and deprecated techniques are warnings naming the replacement.
 */
final class AttackValidator {

    private final AttackCatalog catalog;

    AttackValidator(AttackCatalog catalog) {
        this.catalog = catalog;
    }

    void check(RuleDocument doc, List<Diagnostic> out) {
        JsonNode threats = doc.at("/rule/threat");
        if (!threats.isArray()) {
            return;
        }
        for (int i = 0; i < threats.size(); i++) {
            String t = "/rule/threat/" + i;
            Optional<AttackCatalog.Tactic> tactic = tactic(doc, t + "/tactic", out);
            JsonNode techniques = doc.at(t + "/technique");
            for (int j = 0; j < techniques.size() && techniques.isArray(); j++) {
                String tech = t + "/technique/" + j;
                Optional<AttackCatalog.Technique> technique = technique(doc, tech, null, out);
                technique.ifPresent(found -> tactic.ifPresent(tac -> membership(doc, tech, found, tac, out)));
                JsonNode subs = doc.at(tech + "/subtechnique");
                for (int k = 0; k < subs.size() && subs.isArray(); k++) {
                    technique(doc, tech + "/subtechnique/" + k, technique.orElse(null), out);
                }
            }
        }
    }

    private Optional<AttackCatalog.Tactic> tactic(RuleDocument doc, String pointer, List<Diagnostic> out) {
        String id = doc.at(pointer + "/id").asText("");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Optional<AttackCatalog.Tactic> tactic = catalog.tactic(id);
        if (tactic.isEmpty()) {
            report(doc, out, Severity.ERROR, AttackCodes.UNKNOWN_TACTIC, pointer + "/id",
                    "unknown ATT&CK tactic " + id + " (Enterprise ATT&CK v" + catalog.version() + ")",
                    "look the id up on attack.mitre.org/tactics/enterprise");
            return tactic;
        }
        name(doc, out, pointer, "tactic", id, tactic.get().name());
        reference(doc, out, pointer, "tactic", id, tactic.get().reference());
        return tactic;
    }

    private Optional<AttackCatalog.Technique> technique(RuleDocument doc, String pointer, AttackCatalog.Technique parent,
                                                        List<Diagnostic> out) {
        String id = doc.at(pointer + "/id").asText("");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        String kind = parent == null ? "technique" : "sub-technique";
        Optional<AttackCatalog.Technique> technique = catalog.technique(id);
        if (technique.isEmpty()) {
            report(doc, out, Severity.ERROR, AttackCodes.UNKNOWN_TECHNIQUE, pointer + "/id",
                    "unknown ATT&CK " + kind + " " + id + " (Enterprise ATT&CK v" + catalog.version() + ")",
                    "look the id up on attack.mitre.org/techniques/enterprise");
            return technique;
        }
        AttackCatalog.Technique t = technique.get();
        if (parent != null && !id.startsWith(parent.id() + ".")) {
            report(doc, out, Severity.ERROR, AttackCodes.WRONG_PARENT, pointer + "/id",
                    "sub-technique " + id + " is not a sub-technique of " + parent.id(),
                    "list it under technique " + id.substring(0, id.indexOf('.')));
        }
        if (parent == null && t.subtechnique()) {
            report(doc, out, Severity.ERROR, AttackCodes.WRONG_PARENT, pointer + "/id",
                    id + " is a sub-technique; list it under its technique " + id.substring(0, id.indexOf('.')),
                    "move it to [[rule.threat.technique.subtechnique]] of " + id.substring(0, id.indexOf('.')));
        }
        if (t.revoked()) {
            String replacement = catalog.currentReplacement(t).map(r -> r.id() + " \"" + r.name() + "\"").orElse("nothing");
            report(doc, out, Severity.WARNING, AttackCodes.REVOKED, pointer + "/id",
                    "ATT&CK " + kind + " " + id + " \"" + t.name() + "\" is revoked; it was replaced by " + replacement,
                    "map the rule to the replacement");
        } else if (t.deprecated()) {
            report(doc, out, Severity.WARNING, AttackCodes.DEPRECATED, pointer + "/id",
                    "ATT&CK " + kind + " " + id + " \"" + t.name() + "\" is deprecated", "map the rule to a current technique");
        }
        name(doc, out, pointer, kind, id, t.name());
        reference(doc, out, pointer, kind, id, t.reference());
        return technique;
    }

    private void membership(RuleDocument doc, String pointer, AttackCatalog.Technique technique, AttackCatalog.Tactic tactic,
                            List<Diagnostic> out) {
        if (!technique.tactics().contains(tactic.id())) {
            report(doc, out, Severity.ERROR, AttackCodes.NOT_IN_TACTIC, pointer + "/id",
                    "technique " + technique.id() + " \"" + technique.name() + "\" does not belong to tactic " + tactic.id()
                            + " \"" + tactic.name() + "\"; it belongs to " + new TreeSet<>(technique.tactics()),
                    "map it under one of its tactics");
        }
    }

    private void name(RuleDocument doc, List<Diagnostic> out, String pointer, String kind, String id, String expected) {
        String found = doc.at(pointer + "/name").asText("");
        if (!found.isEmpty() && !found.equals(expected)) {
            report(doc, out, Severity.WARNING, AttackCodes.NAME_MISMATCH, pointer + "/name",
                    "ATT&CK " + kind + " " + id + " is named \"" + expected + "\" in v" + catalog.version() + ", found \"" + found + "\"",
                    "use the current name");
        }
    }

    private void reference(RuleDocument doc, List<Diagnostic> out, String pointer, String kind, String id, String expected) {
        String found = doc.at(pointer + "/reference").asText("");
        if (!found.isEmpty() && !AttackCatalog.sameReference(found, expected)) {
            report(doc, out, Severity.ERROR, AttackCodes.WRONG_REFERENCE, pointer + "/reference",
                    kind + " " + id + " reference must be " + expected + "/, found " + found, "write reference = \"" + expected + "/\"");
        }
    }

    private static void report(RuleDocument doc, List<Diagnostic> out, Severity severity, String code, String pointer,
                               String message, String hint) {
        out.add(new Diagnostic(code, severity, doc.sourceMap().positionOf(pointer), message, hint));
    }
}
