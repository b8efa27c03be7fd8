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

    private static FieldSchema schema(String name, String... nameTypePairs) {
        List<FieldMapping> fields = new java.util.ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            fields.add(new FieldMapping(nameTypePairs[i], nameTypePairs[i + 1]));
        }
        return FieldSchema.of(name, fields);
    }

    private static List<String> typed(FieldSchema schema) {
        return schema.fields().stream().map(m -> m.name() + ":" + m.type()).toList();
    }

    @Test
    void anExtensionKeepsTheBaseTypesAndAnOverlayReplacesThem() {
        FieldSchema ecs = schema("ecs", "process.pid", "long", "process.name", "keyword");
        FieldSchema beats = schema("beats", "process.pid", "keyword", "winlog.event_id", "keyword", "a.text", "text",
                "a.text.keyword", "keyword");
        FieldSchema user = schema("user", "process.name", "wildcard", "zz", "ip");

        FieldSchema extended = ecs.extendedBy(beats);
        assertThat(extended.name()).isEqualTo("ecs+beats");
        assertThat(typed(extended)).containsExactly("a.text:text", "a.text.keyword:keyword", "process.name:keyword",
                "process.pid:long", "winlog.event_id:keyword");
        FieldSchema overlaid = extended.overlay(user);
        assertThat(overlaid.name()).isEqualTo("ecs+beats+user");
        assertThat(typed(overlaid)).containsExactly("a.text:text", "a.text.keyword:keyword", "process.name:wildcard",
                "process.pid:long", "winlog.event_id:keyword", "zz:ip");
        assertThat(overlaid.field("process.name")).map(FieldMapping::type).contains("wildcard");
        assertThat(overlaid.field("process.pid")).map(FieldMapping::type).contains("long");
        assertThat(overlaid.hasFieldsBelow("winlog")).isTrue();
        assertThat(overlaid.hasFieldsBelow("host")).isFalse();
        assertThat(overlaid.exactSubField("a.text")).map(FieldMapping::name).contains("a.text.keyword");
        assertThat(overlaid.closestField("winlog.event_ib")).contains("winlog.event_id");
        assertThat(FieldSchema.none().extendedBy(FieldSchema.none()).isEmpty()).isTrue();
        // the operands are untouched
        assertThat(typed(ecs)).containsExactly("process.name:keyword", "process.pid:long");
    }

    @Test
    void aSelectionOfAStackReadsAsTheMergeOfTheSelectedSchemasTheLaterWinning() {
        FieldSchema a = schema("a", "x", "keyword", "y", "long", "o.*", "keyword");
        FieldSchema b = schema("b", "x", "ip", "z", "date");
        FieldSchema c = schema("c", "x", "text", "y", "double", "w", "flattened");
        FieldSchema.Stack stack = FieldSchema.Stack.of(List.of(a, b, c));

        java.util.BitSet ac = new java.util.BitSet();
        ac.set(0);
        ac.set(2);
        FieldSchema selected = stack.select("a and c", ac);
        assertThat(selected.name()).isEqualTo("a and c");
        assertThat(typed(selected)).containsExactly("o.*:keyword", "w:flattened", "x:text", "y:double");
        assertThat(selected.field("z")).isEmpty();
        assertThat(selected.field("w.key")).map(FieldMapping::type).contains("keyword");
        assertThat(selected.field("o.anything")).map(FieldMapping::type).contains("keyword");

        java.util.BitSet ab = new java.util.BitSet();
        ab.set(0);
        ab.set(1);
        assertThat(typed(stack.select("a and b", ab))).containsExactly("o.*:keyword", "x:ip", "y:long", "z:date");
        assertThat(stack.select("nothing", new java.util.BitSet()).isEmpty()).isTrue();
        assertThat(typed(schema("base", "x", "long").extendedBy(stack.select("a and b", ab))))
                .containsExactly("o.*:keyword", "x:long", "y:long", "z:date");
    }

    @Test
    void ecsExtendedByASelectionOfElasticsLayersReadsAsTheMapsMergedByHand() {
        // the plain definition, built here with maps: the selected layers in order, the later winning, then ECS over them
        List<ScopedMapping> layers = ElasticSchemas.layers();
        FieldSchema ecs = EcsSchemas.defaultSchema();
        FieldSchema.Stack stack = FieldSchema.Stack.of(layers.stream().map(ScopedMapping::fields).toList());
        Random random = new Random(20);
        for (int round = 0; round < 6; round++) {
            java.util.BitSet selected = new java.util.BitSet();
            java.util.TreeMap<String, FieldMapping> expected = new java.util.TreeMap<>();
            for (int i = 0; i < layers.size(); i++) {
                if (round == 0 || random.nextInt(4) == 0) {
                    selected.set(i);
                    layers.get(i).fields().fields().forEach(m -> expected.put(m.name(), m));
                }
            }
            ecs.fields().forEach(m -> expected.put(m.name(), m));
            FieldSchema schema = ecs.extendedBy(stack.select("selection", selected));
            assertThat(schema.fields()).containsExactlyElementsOf(expected.values());
            // read at a prefix: the fields listed in full that start with it, in the same order and mappings
            for (String prefix : List.of("process.", "process.parent.", "winlog.event_data.Target", "o365.audit.",
                    "aws.cloudtrail.flattened", "z", "nope.", "")) {
                assertThat(schema.fieldsStartingWith(prefix)).as(prefix).containsExactlyElementsOf(
                        expected.values().stream().filter(m -> m.name().startsWith(prefix)).toList());
            }
            for (String name : List.of("process.name", "winlog.event_data.TargetUserName", "o365.audit.Parameters.x",
                    "aws.cloudtrail.flattened.request_parameters.key", "nope.nothing")) {
                assertThat(schema.field(name).map(FieldMapping::type)).as(name).isEqualTo(
                        FieldSchema.of("expected", expected.values()).field(name).map(FieldMapping::type));
            }
        }
    }
}
