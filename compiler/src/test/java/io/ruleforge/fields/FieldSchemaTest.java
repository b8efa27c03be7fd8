package io.ruleforge.fields;

import io.ruleforge.diag.EditDistance;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FieldSchemaTest {

    @Test
    void didYouMeanNamesTheClosestLeafFieldAndOnTiesTheFirstByName() {
        FieldSchema schema = FieldSchema.of("test", List.of(new FieldMapping("user.name", "keyword"),
                new FieldMapping("user.nane", "keyword"), new FieldMapping("user", "object"),
                new FieldMapping("process.name", "keyword"), new FieldMapping("labels.*", "keyword")));
        assertThat(schema.closestField("user.nmae")).contains("user.name");
        // one substitution from both user.name and user.nane: the first by name
        assertThat(schema.closestField("user.nabe")).contains("user.name");
        assertThat(schema.closestField("usr")).as("a container is no suggestion").isEmpty();
        assertThat(schema.closestField("labels.x")).as("nor an object of dynamic keys").isEmpty();
        assertThat(schema.closestField("host.os.family")).isEmpty();
    }

    @Test
    void didYouMeanAgreesWithReadingEveryEcsFieldInNameOrder() {
        // the search reads only names of nearby lengths; typos of real ECS names must get the answer of the
        // plain definition: the first leaf field by name with the fewest edits within the budget
        FieldSchema ecs = EcsSchemas.defaultSchema();
        List<String> leaves = ecs.fields().stream().filter(m -> !m.isContainer() && !m.name().endsWith(FieldSchema.DYNAMIC_KEYS))
                .map(FieldMapping::name).toList();
        Random random = new Random(9);
        for (int n = 0; n < 300; n++) {
            String typo = typo(leaves.get(random.nextInt(leaves.size())), random);
            assertThat(ecs.closestField(typo)).as(typo).isEqualTo(everyName(leaves, typo));
        }
    }

    private static Optional<String> everyName(List<String> leaves, String misspelt) {
        int budget = EditDistance.typoBudget(misspelt);
        String best = null;
        int bestDistance = budget + 1;
        for (String name : leaves) {
            int d = EditDistance.between(misspelt, name, budget + 1);
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String typo(String name, Random random) {
        StringBuilder s = new StringBuilder(name);
        for (int edits = 1 + random.nextInt(4); edits > 0 && s.length() > 1; edits--) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(3)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, (char) ('a' + random.nextInt(26)));
                default -> s.setCharAt(at, (char) ('a' + random.nextInt(26)));
            }
        }
        return s.toString();
    }
}
