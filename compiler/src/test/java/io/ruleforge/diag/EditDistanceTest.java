package io.ruleforge.diag;

import org.junit.jupiter.api.Test;

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
}
