package io.ruleforge.diag;

import io.ruleforge.report.CodeTable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry is the one list of codes: unique, complete for the code base, and the README's table. */
class DiagnosticCodeRegistryTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final Pattern QUOTED_CODE = Pattern.compile("\"(RF\\d{4})\"");
    private static final Pattern CODE = Pattern.compile("\\bRF\\d{4}\\b");
    private static final String TABLE_BEGIN = "<!-- diagnostic codes: begin -->";
    private static final String TABLE_END = "<!-- diagnostic codes: end -->";

    @Test
    void codesAreUniqueWellFormedAndExplained() {
        List<String> ids = Arrays.stream(Code.values()).map(Code::id).toList();
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("RF\\d{4}"));
        assertThat(Arrays.stream(Code.values()).map(Code::title).toList()).as("titles tell codes apart").doesNotHaveDuplicates();
        for (Code code : Code.values()) {
            assertThat(code.title()).as(code.id()).isNotBlank();
            assertThat(code.help()).as(code.id() + " says what to do, in a sentence").isNotBlank().endsWith(".");
        }
    }

    @Test
    void everyCodeTheSourcesUseIsRegistered() throws IOException {
        Map<String, Path> used = new TreeMap<>();
        for (Path root : List.of(REPOSITORY.resolve("compiler/src/main/java"), REPOSITORY.resolve("maven-plugin/src/main/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = QUOTED_CODE.matcher(Files.readString(file, StandardCharsets.UTF_8));
                    while (m.find()) {
                        used.putIfAbsent(m.group(1), file);
                    }
                }
            }
        }
        used.keySet().removeIf(id -> Code.find(id).isPresent());
        assertThat(used).as("codes written in the sources but not registered in diag/Code").isEmpty();
    }

    @Test
    void everyCodeTheReadmeMentionsIsRegistered() throws IOException {
        Set<String> mentioned = new TreeSet<>();
        Matcher m = CODE.matcher(readme());
        while (m.find()) {
            mentioned.add(m.group());
        }
        mentioned.removeIf(id -> Code.find(id).isPresent());
        assertThat(mentioned).as("codes the README names but the registry lacks").isEmpty();
    }

    @Test
    void theReadmeTableIsTheRegistry() throws IOException {
        String readme = readme();
        int begin = readme.indexOf(TABLE_BEGIN);
        int end = readme.indexOf(TABLE_END);
        assertThat(begin).as("README marks its code table with " + TABLE_BEGIN).isNotNegative();
        assertThat(end).isGreaterThan(begin);
        List<String> rows = new ArrayList<>(readme.substring(begin + TABLE_BEGIN.length(), end).strip().lines().toList());
        assertThat(rows).as("the README table, to be replaced by exactly this").isEqualTo(CodeTable.markdown());
    }

    @Test
    void codesAreFoundWhateverTheCaseAndNearMissesSuggestTheClosest() {
        assertThat(Code.find("rf2009")).contains(Code.RF2009);
        assertThat(Code.find("RF2090")).isEmpty();
        assertThat(Code.nearest("RF2090")).contains(Code.RF2009);
        assertThat(Code.nearest("XX0000")).isEmpty();
    }

    private static String readme() throws IOException {
        return Files.readString(REPOSITORY.resolve("README.md"), StandardCharsets.UTF_8);
    }
}
