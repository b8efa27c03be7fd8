package io.ruleforge.fields;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IndexPatternsTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
            "winlogbeat-*, winlogbeat-*, true",
            "winlogbeat-*, winlogbeat-8.17.0-2026.01.01, true",
            "winlogbeat-*, logs-*, false",
            "logs-endpoint.events.*, logs-endpoint.events.process-*, true",
            "logs-endpoint.events.process-*, logs-endpoint.events.network-*, false",
            "*, anything, true",
            "*-windows-*, logs-*, true",
            "a*b, *c, false",
            "a*b, a*, true",
            "logs-*-default, *-windows.*, true",
            "abc, abd, false",
            "abc, abc, true",
            "ab*, a, false",
            "**, x, true",
            "logs-*, logs-, true",
            "logs-*, log, false",
            "logs-aws.cloudtrail-*, logs-aws*, true",
            "logs-aws.cloudtrail-*, logs-aws.s3*, false",
            "*, *, true",
            "logs-*, *-x, true",
    })
    void twoPatternsOverlapWhenSomeIndexNameMatchesBoth(String a, String b, boolean overlap) {
        assertThat(IndexPatterns.overlap(a, b)).isEqualTo(overlap);
        assertThat(IndexPatterns.overlap(b, a)).isEqualTo(overlap);
    }

    @Test
    void exclusionsSelectNothingAndRemoteClustersSearchTheirLocalPattern() {
        assertThat(IndexPatterns.searched("-winlogbeat-old*")).isEmpty();
        assertThat(IndexPatterns.searched("remote:winlogbeat-*")).hasValue("winlogbeat-*");
        assertThat(IndexPatterns.searched("*:logs-*")).hasValue("logs-*");
        assertThat(IndexPatterns.anyOverlap(List.of("winlogbeat-*"), List.of("-winlogbeat-*", "logs-*"))).isFalse();
        assertThat(IndexPatterns.anyOverlap(List.of("winlogbeat-*"), List.of("logs-*", "cluster:winlogbeat-*"))).isTrue();
    }

    @Test
    void anEntryThatIsACommaListSearchesEachPart() {
        // Kibana joins the index entries with commas; Elasticsearch splits the list again, part by part
        assertThat(IndexPatterns.searchedAll(List.of("tpa-app-*,tpb-*", " -tpa-old*, remote:tpc-*", "tpd"))).containsExactly(
                "tpa-app-*", "tpb-*", "tpc-*", "tpd");
        // one part is not a pattern that happens to hold a comma: tpb-* alone is not within tpa-*
        assertThat(IndexPatterns.anyOverlap(List.of("tpb-*"), List.of("tpa-app-*,tpb-*"))).isTrue();
    }

    /** Whether some name matches every pattern of the first list (split on '|') and none of the second. */
    @ParameterizedTest(name = "{0} outside {1}: {2}")
    @CsvSource(delimiter = ';', value = {
            // a rule's pattern within an outranking template's pattern: no name left
            "tpa-*|tpa-app-*; tpa-app-*; false",
            "tpc-x-*|tpc-x-*; tpc-*; false",
            // a wider rule pattern keeps the names the outranking template does not match (tpa-other)
            "tpa-*|tpa-*; tpa-app-*; true",
            // tpa-app-x* does not hold tpa-app-*: tpa-app-y is outside it
            "tpa-app-*|tpa-app-*; tpa-app-x*; true",
            // several outranking patterns cover together what none covers alone
            "logs-*|logs-*; logs-a*|logs-b*|logs-; true",
            "logs-*|logs-[*; logs-[*; false",
            "ab*|ab*; abc*|ab; true",
            "a*b*c|a*b*c; *b*; false",
            "*b*|*b*; a*b*c; true",
            "ab|ab; a*b; false",
            // a name may hold characters no pattern names: a then such a character is in neither a nor aa*
            "a*|a*; a|aa*; true",
            "*|*; *; false",
            "x|x; ''; true",
            "a-*|b-*; ''; false",
            "logs-*-*|logs-windows-*; logs-*-default|logs-windows-sysmon*; true",
            "logs-windows.*|logs-windows.*; logs-*|*-windows.*; false",
    })
    void someNameMatchesAllAndNone(String all, String none, boolean expected) {
        List<String> noneList = none.isEmpty() ? List.of() : List.of(none.split("\\|"));
        assertThat(IndexPatterns.someNameOutside(List.of(all.split("\\|")), noneList)).isEqualTo(expected);
    }

    /**
     * Against every name up to six characters over the letters the patterns use and one they do not: whenever such a
     * name is a witness the answer is true (never drop a template that can apply), and whenever the answer is true a
     * short witness exists (for patterns this short, the product automaton is small).
     */
    @Test
    void someNameOutsideAgreesWithEveryShortName() {
        java.util.Random random = new java.util.Random(27);
        String letters = "ab*";
        List<String> names = new java.util.ArrayList<>();
        names.add("");
        for (int from = 0, length = 1; length <= 6; length++) {
            int to = names.size();
            for (int n = from; n < to; n++) {
                for (char c : "abz".toCharArray()) {
                    names.add(names.get(n) + c);
                }
            }
            from = to;
        }
        for (int round = 0; round < 400; round++) {
            List<String> all = new java.util.ArrayList<>();
            List<String> none = new java.util.ArrayList<>();
            for (int k = 0; k < 2; k++) {
                all.add(randomPattern(random, letters));
            }
            for (int k = random.nextInt(3); k > 0; k--) {
                none.add(randomPattern(random, letters));
            }
            boolean witness = names.stream().anyMatch(n -> all.stream().allMatch(p -> matches(p, n))
                    && none.stream().noneMatch(p -> matches(p, n)));
            assertThat(IndexPatterns.someNameOutside(all, none)).as(all + " outside " + none).isEqualTo(witness);
        }
    }

    private static String randomPattern(java.util.Random random, String letters) {
        StringBuilder p = new StringBuilder();
        for (int i = random.nextInt(4); i >= 0; i--) {
            p.append(letters.charAt(random.nextInt(letters.length())));
        }
        return p.toString();
    }

    private static boolean matches(String pattern, String name) {
        return name.matches(java.util.regex.Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
    }
}
