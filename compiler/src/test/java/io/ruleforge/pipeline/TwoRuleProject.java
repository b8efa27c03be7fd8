package io.ruleforge.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The project the build tests start from: two KQL rules, {@code a} and {@code b}, whose fixtures pass. */
final class TwoRuleProject {

    static final String POSITIVE = "{\"process\":{\"name\":\"cmd.exe\"},\"destination\":{\"ip\":\"203.0.113.5\"}}\n";
    static final String NEGATIVE = "{\"process\":{\"name\":\"cmd.exe\"},\"destination\":{\"ip\":\"192.168.1.1\"}}\n";

    private TwoRuleProject() {
    }

    /** Writes {@code rules/a.toml}, {@code rules/b.toml} and their fixtures below {@code dir}. */
    static void writeInto(Path dir) throws Exception {
        write(dir, "rules/a.toml", rule("A", "00000000-0000-4000-8000-00000000000a"));
        write(dir, "rules/b.toml", rule("B", "00000000-0000-4000-8000-00000000000b"));
        for (String stem : List.of("a", "b")) {
            write(dir, "fixtures/" + stem + "/positive.ndjson", POSITIVE);
            write(dir, "fixtures/" + stem + "/negative.ndjson", NEGATIVE);
        }
    }

    static String rule(String name, String id) {
        return RuleforgeTest.RULE.replace("NAME", name).replace("RULE_ID", id);
    }

    static Path write(Path dir, String relative, String content) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }
}
