package org.cram.experiments.data;

import org.cram.api.data.Batch;
import org.cram.api.data.Dataset;

/** A view of some examples of another dataset, addressed by position in the given index list (nothing copied). */
public final class SubsetDataset implements Dataset {
    private final Dataset source;
    private final int[] indices;
    private final String name;

    /**
     * @throws IndexOutOfBoundsException naming the bad index
     */
    public SubsetDataset(Dataset source, int[] indices, String name) {
        for (int i : indices) {
            if (i < 0 || i >= source.size()) {
                throw new IndexOutOfBoundsException("index " + i + " outside dataset " + source.name() + " of size "
                        + source.size());
            }
        }
        this.source = source;
        this.indices = indices.clone();
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int numClasses() {
        return source.numClasses();
    }

    @Override
    public long[] featureShape() {
        return source.featureShape();
    }

    @Override
    public Batch batch(int[] positions) {
        int[] mapped = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            mapped[i] = indices[positions[i]];
        }
        return source.batch(mapped);
    }
}
