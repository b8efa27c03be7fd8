package io.ruleforge.kql.verify;

import io.ruleforge.diag.Severity;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MixedAndOrTest {

    private static List<Finding> notes(String kql) {
        KqlParseResult parsed = KqlParser.parse(kql, KibanaVersion.DEFAULT);
        return MixedAndOr.find(((KqlParseResult.Success) parsed).query());
    }

    /** The text each note is at, as written in the query. */
    private static List<String> at(String kql) {
        return notes(kql).stream().map(f -> kql.substring(f.span().start(), f.span().end())).toList();
    }

    @Test
    void anAndChainThatIsAnAlternativeOfAnOrWithoutParenthesesIsANote() {
        String kql = "event.action:x and user.name:a or user.name:b";
        assertThat(notes(kql)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("RF3008");
            assertThat(f.severity()).isEqualTo(Severity.INFO);
            assertThat(f.message()).isEqualTo("and binds tighter than or: \"event.action:x and user.name:a\" is one"
                    + " alternative of the or around it");
        });
        assertThat(at("a:1 or b:2 and not c:3 or d:4")).containsExactly("b:2 and not c:3");
        // inside a group, and in a field's value list
        assertThat(at("x:1 and (a:1 and b:2 or c:3)")).containsExactly("a:1 and b:2");
        assertThat(at("process.name:(a and b or c)")).containsExactly("a and b");
    }

    @Test
    void parenthesesThatSayWhichIsMeantLeaveNoNote() {
        assertThat(notes("(event.action:x and user.name:a) or user.name:b")).isEmpty();
        assertThat(notes("event.action:x and (user.name:a or user.name:b)")).isEmpty();
        assertThat(notes("( a:1 and b:2 ) or ( c:3 and d:4 )")).isEmpty();
        assertThat(notes("a:1 and b:2 and c:3")).isEmpty();
        assertThat(notes("a:1 or b:2 or c:3")).isEmpty();
        assertThat(notes("process.name:((a and b) or c)")).isEmpty();
    }
}
