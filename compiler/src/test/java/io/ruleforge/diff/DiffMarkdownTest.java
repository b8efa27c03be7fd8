package io.ruleforge.diff;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What user-supplied text becomes in diff.md: shown as written on GitHub, never taken for HTML or Markdown. */
class DiffMarkdownTest {

    @Test
    void htmlAndMarkdownInUserTextAreEscaped() {
        assertThat(DiffMarkdown.text("decodes <base64> & *bold* _it_ [link](x) a|b `c` ~~s~~ back\\slash"))
                .isEqualTo("decodes &lt;base64&gt; &amp; \\*bold\\* \\_it\\_ \\[link\\](x) a\\|b \\`c\\` \\~\\~s\\~\\~ back\\\\slash");
    }

    @Test
    void aLineBreakInUserTextDoesNotEndTheTableRow() {
        assertThat(DiffMarkdown.text("first\nsecond\r\nthird")).isEqualTo("first second third");
    }

    @Test
    void codeSpansKeepBackticksByFencingWithMore() {
        assertThat(DiffMarkdown.code("origin/main (3f2a91c)")).isEqualTo("`origin/main (3f2a91c)`");
        assertThat(DiffMarkdown.code("a `quoted` b")).isEqualTo("``a `quoted` b``");
        assertThat(DiffMarkdown.code("`x`")).isEqualTo("`` `x` ``");
        assertThat(DiffMarkdown.code("<script>")).isEqualTo("`<script>`");
        // a sample event of PR mode is shown as written: an obfuscated command line keeps its backticks
        assertThat(DiffMarkdown.code("{\"cmd\":\"I`E`X\"}")).isEqualTo("``{\"cmd\":\"I`E`X\"}``");
        assertThat(DiffMarkdown.code("a``b")).isEqualTo("```a``b```");
        assertThat(DiffMarkdown.code("`x")).isEqualTo("`` `x ``");
        assertThat(DiffMarkdown.code("plain")).isEqualTo("`plain`");
    }

    @Test
    void aRuleNameWithMarkupIsShownAsWrittenInEveryPlaceItAppears() {
        DiffReport report = new DiffReport("HEAD (abc1234)", DiffReport.WORKING_TREE,
                List.of(new DiffReport.RuleRef("id-1", "Decode <b>payload</b> | *x*", "rules/a.toml")), List.of(), List.of(), 0);
        String md = new DiffMarkdown().render(report);
        assertThat(md).startsWith("## ruleforge: rule changes against `HEAD (abc1234)`")
                .contains("- **Decode &lt;b&gt;payload&lt;/b&gt; \\| \\*x\\*** (`id-1`) — `rules/a.toml`")
                .doesNotContain("<b>");
    }

    @Test
    void aDiffLineWithBackticksCannotCloseItsBlock() {
        RuleChange change = new RuleChange("id-1", "R", "rules/r.toml", List.of(), RuleChange.QueryChange.none(),
                List.of("@@ -1 +1 @@", "-old", "+```"), List.of(), new RuleChange.VersionCheck(1, 2, true), List.of(), 0);
        String md = new DiffMarkdown().render(new DiffReport("b", DiffReport.WORKING_TREE, List.of(), List.of(), List.of(change), 0));
        assertThat(md).contains("<details><summary>DSL diff</summary>\n\n````diff\n@@ -1 +1 @@\n-old\n+```\n````\n");
    }
}
