package org.cram.experiments.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cram.api.data.Batch;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {

    /** 23 one-pixel examples whose single feature value is their own index. */
    private static InMemoryImageDataset indexed() {
        int n = 23;
        float[] features = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            features[i] = i;
            labels[i] = i % 4;
        }
        return new InMemoryImageDataset("indexed", features, labels, 4, 1, 1, 1);
    }

    private static int[] flatten(int[][] batches) {
        return Arrays.stream(batches).flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void everyIndexExactlyOncePerEpoch() {
        BatchLoader loader = BatchLoader.shuffled(indexed(), 5, 1234L);

        for (int epoch = 0; epoch < 3; epoch++) {
            int[][] batches = loader.epochIndices(epoch);
            assertThat(batches.length).isEqualTo(5);
            assertThat(batches[4]).hasSize(3);
            assertThat(flatten(batches)).hasSize(23).containsExactlyInAnyOrder(IndexSampling.identity(23));
        }
    }

    @Test
    void batchesCarryTheIndexedExamples() {
        BatchLoader loader = BatchLoader.shuffled(indexed(), 5, 99L);
        int[][] indices = loader.epochIndices(2);
        List<Batch> batches = new ArrayList<>();
        loader.epoch(2).forEach(batches::add);

        assertThat(batches).hasSize(indices.length);
        for (int b = 0; b < batches.size(); b++) {
            float[] values = batches.get(b).features().dup('c').data().asFloat();
            for (int i = 0; i < values.length; i++) {
                assertThat(values[i]).isEqualTo(indices[b][i]);
                assertThat(batches.get(b).label(i)).isEqualTo(indices[b][i] % 4);
            }
        }
    }

    @Test
    void sameSeedSameOrderDifferentSeedOrEpochDifferentOrder() {
        int[] a = flatten(BatchLoader.shuffled(indexed(), 5, 7L).epochIndices(0));
        int[] same = flatten(BatchLoader.shuffled(indexed(), 5, 7L).epochIndices(0));
        int[] otherSeed = flatten(BatchLoader.shuffled(indexed(), 5, 8L).epochIndices(0));
        int[] otherEpoch = flatten(BatchLoader.shuffled(indexed(), 5, 7L).epochIndices(1));

        assertThat(same).containsExactly(a);
        assertThat(otherSeed).isNotEqualTo(a);
        assertThat(otherEpoch).isNotEqualTo(a);
        assertThat(a).isNotEqualTo(IndexSampling.identity(23));
    }

    @Test
    void dropLastSkipsThePartialBatch() {
        BatchLoader loader = new BatchLoader(indexed(), 5, true, true, 3L);

        int[][] batches = loader.epochIndices(0);
        assertThat(loader.batchesPerEpoch()).isEqualTo(4);
        assertThat(batches.length).isEqualTo(4);
        assertThat(Arrays.stream(batches).mapToInt(b -> b.length)).containsOnly(5);
        assertThat(flatten(batches)).doesNotHaveDuplicates();
    }

    @Test
    void sequentialLoaderKeepsIndexOrder() {
        BatchLoader loader = BatchLoader.sequential(indexed(), 10);

        assertThat(flatten(loader.epochIndices(0))).containsExactly(IndexSampling.identity(23));
        assertThat(loader.epochIndices(0)[2]).containsExactly(20, 21, 22);
    }
}
