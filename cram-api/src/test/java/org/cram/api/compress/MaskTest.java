package org.cram.api.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class MaskTest {
    @Test
    void countsZerosOfTheCoveredEntries() {
        Mask mask = new Mask(Map.of(0, Nd4j.createFromArray(1f, 0f, 1f, 0f), 2, Nd4j.createFromArray(0f, 1f)));
        assertThat(mask.coveredCount()).isEqualTo(6);
        assertThat(mask.zeroCount()).isEqualTo(3);
        assertThat(mask.sparsity()).isEqualTo(0.5);
    }
}
