package io.ruleforge.release;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything the jars ship from {@code src/main/resources} is either the project's own or named in {@code NOTICE}
 * with its terms: data added without its licence fails the build here, before it is published.
 */
class ShippedResourcesNoticeTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path NOTICE = Path.of("../NOTICE");

    /** The project's own files (Apache-2.0 as the code): relative to {@code io/ruleforge/}. */
    private static final Set<String> PROJECT_OWN = Set.of("version/ruleforge-version.properties");

    @Test
    void everyShippedResourceIsTheProjectsOwnOrListedInNotice() throws IOException {
        String notice = Files.readString(NOTICE);
        List<String> shipped = shippedResources();
        assertThat(shipped).as("resources under " + RESOURCES.toAbsolutePath()).isNotEmpty();
        assertThat(shipped)
                .as("add each to NOTICE with its licence, or to PROJECT_OWN if it is ruleforge's own")
                .allSatisfy(name -> assertThat(PROJECT_OWN.contains(name) || notice.contains(name))
                        .as(name).isTrue());
    }

    @Test
    void theAllowListNamesOnlyFilesThatExist() throws IOException {
        // a stale entry would let a later file of that name through unexamined
        assertThat(shippedResources()).containsAll(PROJECT_OWN);
    }

    @Test
    void noticeNamesTheTermsOfEachKindOfShippedData() throws IOException {
        String notice = Files.readString(NOTICE);
        assertThat(notice).contains("Apache License, Version 2.0", "ATT&CK", "Elastic License 2.0");
        // the licence texts NOTICE points to are shipped with the data
        for (String text : List.of("fields/ECS-LICENSE.txt", "fields/ECS-NOTICE.txt", "attack/LICENSE-ATTACK.txt",
                "fields/LICENSE-ELASTIC-2.0.txt")) {
            assertThat(notice).contains(text);
            assertThat(RESOURCES.resolve("io/ruleforge").resolve(text)).isRegularFile();
        }
    }

    private static List<String> shippedResources() throws IOException {
        Path base = RESOURCES.resolve("io/ruleforge");
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> file.startsWith(base) ? base.relativize(file) : RESOURCES.relativize(file))
                    .map(path -> path.toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }
}
