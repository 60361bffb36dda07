package org.cram.experiments.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The official SQuAD v1.1 normalization, exact match and F1, against hand-computed cases. */
class SquadMetricsTest {

    @Test
    void normalizationLowerCasesDropsPunctuationArticlesAndExtraWhitespace() {
        assertThat(SquadMetrics.normalize("  The Denver   Broncos! ")).isEqualTo("denver broncos");
        assertThat(SquadMetrics.normalize("An apple, a pear; THE end.")).isEqualTo("apple pear end");
        // articles only as whole words; "theory" and "another" keep their letters
        assertThat(SquadMetrics.normalize("theory of another")).isEqualTo("theory of another");
        // punctuation goes before articles are found: "the-end" becomes "theend", not an article
        assertThat(SquadMetrics.normalize("the-end")).isEqualTo("theend");
        assertThat(SquadMetrics.normalize("Levi's\tStadium\n")).isEqualTo("levis stadium");
        // non-ASCII punctuation is not in Python's string.punctuation and stays
        assertThat(SquadMetrics.normalize("24–10")).isEqualTo("24–10");
        assertThat(SquadMetrics.normalize("the a an")).isEmpty();
    }

    @Test
    void exactMatchComparesNormalizedTexts() {
        assertThat(SquadMetrics.exactMatch("the Denver Broncos.", "Denver Broncos")).isEqualTo(1.0);
        assertThat(SquadMetrics.exactMatch("Denver", "Denver Broncos")).isEqualTo(0.0);
    }

    @Test
    void f1CountsSharedTokensAsABag() {
        // prediction "denver broncos defeated" (3 tokens) vs "denver broncos" (2): 2 shared, P 2/3, R 1, F1 0.8
        assertThat(SquadMetrics.f1("Denver Broncos defeated", "The Denver Broncos")).isCloseTo(0.8, within(1e-12));
        // repeated tokens count once per occurrence: "a b b" vs "b b b c" after normalization "b b" vs "b b b c":
        // shared 2, P 2/2, R 2/4, F1 2/3
        assertThat(SquadMetrics.f1("a b b", "b b b c")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(SquadMetrics.f1("Carolina", "Denver Broncos")).isEqualTo(0.0);
        // a prediction that normalizes to nothing shares no token
        assertThat(SquadMetrics.f1("the", "Denver")).isEqualTo(0.0);
    }

    @Test
    void theBestReferenceCountsAndScoresAreAveragedOverQuestions() {
        List<String> refs = List.of("Levi's Stadium", "Santa Clara, California");
        assertThat(SquadMetrics.bestExactMatch("santa clara california", refs)).isEqualTo(1.0);
        // "stadium in santa clara": vs ref 1 shared 1 -> P 1/4 R 1/2 F1 1/3; vs ref 2 shared 2 -> P 2/4 R 2/3 F1 4/7
        assertThat(SquadMetrics.bestF1("Stadium in Santa Clara", refs)).isCloseTo(4.0 / 7, within(1e-12));

        SquadMetrics.Result r = SquadMetrics.score(List.of("Denver Broncos", "Stadium in Santa Clara", "nothing"),
                List.of(List.of("The Denver Broncos"), refs, List.of("24–10")));
        assertThat(r.questions()).isEqualTo(3);
        assertThat(r.exactMatch()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(r.f1()).isCloseTo((1 + 4.0 / 7 + 0) / 3, within(1e-12));
    }

    @Test
    void mismatchedOrEmptyInputsAreErrors() {
        assertThatThrownBy(() -> SquadMetrics.score(List.of("a"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 and 0");
        assertThatThrownBy(() -> SquadMetrics.bestF1("a", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no reference");
    }
}
