package io.ruleforge.rule;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ruleforge.diag.SourcePosition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Which value-list items are built into a rule's search, at Kibana's limits and on each side of them. */
class ExceptionListsTest {

    private static final SourcePosition AT = SourcePosition.ofFile("exceptions/value_lists/x");

    private static ExceptionItem item(String listId, String type) {
        return new ExceptionItem("i", "Item", List.of(), List.of(new ExceptionEntry.ValueList("source.ip", false, listId, type)),
                Optional.empty(), AT, JsonNodeFactory.instance.objectNode());
    }

    private static Optional<String> whyNot(ValueList list, boolean kibana8) {
        return ExceptionLists.of(List.of(), List.of(list)).whyNotBuilt(item(list.id(), list.type()), kibana8)
                .map(ExceptionLists.NotBuilt::reason);
    }

    private static List<String> addresses(int count, boolean asRanges) {
        return IntStream.range(0, count).mapToObj(i -> "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256))
                .map(a -> asRanges ? a + "-" + a : a).toList();
    }

    @Test
    void kibanaBuildsAKeywordOrIpListOfUpTo65536Values() {
        assertThat(whyNot(new ValueList("l", "ip", addresses(65_536, false), AT), true)).isEmpty();
        assertThat(whyNot(new ValueList("l", "ip", addresses(65_537, false), AT), true)).hasValueSatisfying(reason ->
                assertThat(reason).contains("whose 65537 values are more than 65536").contains("does not build it"));
    }

    @Test
    void kibanaBuildsAnIpRangeListOfUpTo200DashRangesAndAnyNumberOfBlocks() {
        assertThat(whyNot(new ValueList("l", "ip_range", addresses(200, true), AT), true)).isEmpty();
        assertThat(whyNot(new ValueList("l", "ip_range", addresses(201, true), AT), true)).hasValueSatisfying(reason ->
                assertThat(reason).contains("whose 201 ranges"));
        List<String> blocks = addresses(1000, false).stream().map(a -> a + "/32").toList();
        assertThat(whyNot(new ValueList("l", "ip_range", blocks, AT), true)).isEmpty();
    }

    @Test
    void kibanaBuildsNoTextListAndKibana7NoListAtAll() {
        assertThat(whyNot(new ValueList("l", "text", List.of("a b"), AT), true)).hasValueSatisfying(reason ->
                assertThat(reason).contains("a list of type text"));
        assertThat(whyNot(new ValueList("l", "keyword", List.of("a"), AT), false)).hasValueSatisfying(reason ->
                assertThat(reason).contains("Kibana 7 builds no value list"));
    }

    @Test
    void anItemIsNotBuiltWithAListOfAnotherTypeNorWithAListWhoseFileHasErrors() {
        ExceptionLists lists = ExceptionLists.of(List.of(), List.of(new ValueList("kept", "keyword", List.of("a"), AT)),
                Map.of("broken", "exceptions/value_lists/ip/broken"));
        assertThat(lists.whyNotBuilt(item("kept", "ip"), true)).hasValueSatisfying(n ->
                assertThat(n.reason()).contains("of type ip, but the project keeps it with type keyword"));
        assertThat(lists.whyNotBuilt(item("broken", "ip"), true)).hasValueSatisfying(n -> {
            assertThat(n.reason()).contains("whose file exceptions/value_lists/ip/broken has errors (RF2024)");
            assertThat(n.hint()).isEqualTo("fix the errors reported in the list's file");
        });
        assertThat(lists.whyNotBuilt(item("elsewhere", "ip"), true)).hasValueSatisfying(n ->
                assertThat(n.reason()).contains("which the project does not keep"));
    }
}
