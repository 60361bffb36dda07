package org.cram.models.bert;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Temporary buffers shared by layers that run one after another (the attention score matrices of all encoder
 * layers), so that memory for {@code [n, heads, seq, seq]} temporaries is paid once per model, not once per layer.
 * A buffer's contents are valid only until another layer asks for the same key.
 */
final class Scratch {
    private final Map<String, INDArray> buffers = new HashMap<>();

    INDArray get(String key, DataType type, long... shape) {
        INDArray b = Nd.reuse(buffers.get(key), type, shape);
        buffers.put(key, b);
        return b;
    }
}
