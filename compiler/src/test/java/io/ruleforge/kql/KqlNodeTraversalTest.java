package io.ruleforge.kql;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** KQL nodes expose their sub-nodes to the shared {@link io.ruleforge.ql.Node} traversals. */
class KqlNodeTraversalTest {

    @Test
    void forEachDownReachesLeavesUnderEveryConnectiveAndNestedGroup() {
        KqlParseResult r = KqlParser.parse("a:1 and not (b:2 or c < 3) and n:{ d:4 }", KibanaVersion.V8_12);
        KqlNode root = ((KqlParseResult.Success) r).query().root();
        List<String> seen = new ArrayList<>();
        root.forEachDown(n -> seen.add(n.getClass().getSimpleName()));
        assertThat(seen).containsExactly("And", "Is", "Not", "Or", "Is", "Range", "Nested", "Is");

        List<Object> fields = new ArrayList<>();
        root.forEachDown(KqlNode.Is.class, is -> fields.add(((KqlValue.Literal) is.field()).value()));
        assertThat(fields).containsExactly("a", "b", "d");
        assertThat(root.anyMatch(n -> n instanceof KqlNode.Range)).isTrue();
        assertThat(root.anyMatch(n -> n instanceof KqlNode.Is is && is.field() == null)).isFalse();
    }
}
