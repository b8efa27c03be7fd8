package io.ruleforge.diag;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EditDistanceTest {

    @Test
    void eachKindOfTypoIsOneEdit() {
        assertThat(EditDistance.between("nmae", "name", 10)).as("swap").isEqualTo(1);
        assertThat(EditDistance.between("nme", "name", 10)).as("deletion").isEqualTo(1);
        assertThat(EditDistance.between("naame", "name", 10)).as("insertion").isEqualTo(1);
        assertThat(EditDistance.between("nime", "name", 10)).as("substitution").isEqualTo(1);
        assertThat(EditDistance.between("name", "name", 10)).isZero();
    }

    @Test
    void unrelatedWordsAreFarApartAndTheLimitCapsTheAnswer() {
        assertThat(EditDistance.between("kitten", "sitting", 10)).isEqualTo(3);
        assertThat(EditDistance.between("abcdef", "ghijkl", 10)).isEqualTo(6);
        assertThat(EditDistance.between("abcdef", "ghijkl", 2)).isEqualTo(2);
        // swaps reached from two rows back must not be cut off by the early exit
        assertThat(EditDistance.between("ab", "ba", 2)).isEqualTo(1);
        assertThat(EditDistance.between("xaby", "xbay", 2)).isEqualTo(1);
    }

    @Test
    void theTypoBudgetGrowsWithTheNameUpToThree() {
        assertThat(EditDistance.typoBudget("ab")).isEqualTo(1);
        assertThat(EditDistance.typoBudget("user.name")).isEqualTo(2);
        assertThat(EditDistance.typoBudget("process.parent.executable")).isEqualTo(3);
    }

    @Test
    void theBandedSearchAgreesWithTheFullTableOnRandomWords() {
        // the answer only needs cells near the diagonal; compare with the textbook table on short words over a
        // small alphabet, where swaps, repeats and length differences are common
        Random random = new Random(20);
        for (int n = 0; n < 20_000; n++) {
            String a = word(random);
            String b = word(random);
            int limit = 1 + random.nextInt(5);
            assertThat(EditDistance.between(a, b, limit)).as("%s / %s within %d", a, b, limit)
                    .isEqualTo(Math.min(fullTable(a, b), limit));
        }
    }

    private static String word(Random random) {
        char[] chars = new char[random.nextInt(9)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ('a' + random.nextInt(3));
        }
        return new String(chars);
    }

    /** Optimal string alignment distance by its definition: the whole (|a|+1) x (|b|+1) table. */
    private static int fullTable(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
