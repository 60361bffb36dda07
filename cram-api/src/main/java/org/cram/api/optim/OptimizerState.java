package org.cram.api.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A snapshot of an optimizer's state: named arrays (momentum buffers, Adam moments, masks) and named numbers (step
 * count, sampler state, learning rate). Arrays are copied in and out, so a snapshot never aliases live state.
 * {@link #write}/{@link #read} give a compact binary form for checkpoints; a round trip is bit-exact.
 */
public final class OptimizerState {
    private static final int MAGIC = 0x4352_4F53; // "CROS"
    private static final int VERSION = 1;
    private final String kind;
    private final Map<String, INDArray> arrays;
    private final Map<String, Double> numbers;

    private OptimizerState(String kind, Map<String, INDArray> arrays, Map<String, Double> numbers) {
        this.kind = kind;
        this.arrays = Collections.unmodifiableMap(arrays);
        this.numbers = Collections.unmodifiableMap(numbers);
    }

    /** Builds a snapshot; arrays are copied. */
    public static Builder builder(String kind) {
        return new Builder(kind);
    }

    /** The optimizer kind that wrote this state (e.g. {@code "cram+/sgd"}); loading into another kind fails. */
    public String kind() {
        return kind;
    }

    /** A copy of the named array. */
    public INDArray array(String name) {
        INDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("optimizer state of '" + kind + "' has no array '" + name
                    + "'; it has " + arrays.keySet());
        }
        return a.dup();
    }

    public boolean hasArray(String name) {
        return arrays.containsKey(name);
    }

    public double number(String name) {
        Double v = numbers.get(name);
        if (v == null) {
            throw new IllegalArgumentException("optimizer state of '" + kind + "' has no number '" + name
                    + "'; it has " + numbers.keySet());
        }
        return v;
    }

    /** A long stored exactly (longs are kept as their raw bits). */
    public long longNumber(String name) {
        return Double.doubleToRawLongBits(number(name));
    }

    public Map<String, Double> numbers() {
        return numbers;
    }

    public java.util.Set<String> arrayNames() {
        return arrays.keySet();
    }

    /** Fails unless the state was written by an optimizer of this kind. */
    public void requireKind(String expected) {
        if (!kind.equals(expected)) {
            throw new IllegalArgumentException("cannot load optimizer state of kind '" + kind + "' into a '"
                    + expected + "' optimizer");
        }
    }

    /** Writes the state in a self-describing binary form. */
    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(VERSION);
        data.writeUTF(kind);
        data.writeInt(numbers.size());
        for (Map.Entry<String, Double> e : numbers.entrySet()) {
            data.writeUTF(e.getKey());
            data.writeLong(Double.doubleToRawLongBits(e.getValue()));
        }
        data.writeInt(arrays.size());
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            data.writeUTF(e.getKey());
            Nd4j.write(e.getValue(), data);
        }
        data.flush();
    }

    /** Reads a state written by {@link #write}; a foreign or damaged stream fails with a clear message. */
    public static OptimizerState read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int magic = data.readInt();
        if (magic != MAGIC) {
            throw new IOException("not an optimizer state (magic 0x" + Integer.toHexString(magic) + ")");
        }
        int version = data.readInt();
        if (version != VERSION) {
            throw new IOException("optimizer state version " + version + " is not supported (expected " + VERSION + ")");
        }
        Builder b = builder(data.readUTF());
        int n = data.readInt();
        for (int i = 0; i < n; i++) {
            b.numbers.put(data.readUTF(), Double.longBitsToDouble(data.readLong()));
        }
        int a = data.readInt();
        for (int i = 0; i < a; i++) {
            b.arrays.put(data.readUTF(), Nd4j.read(data));
        }
        return b.build();
    }

    /** Collects arrays and numbers for a snapshot. */
    public static final class Builder {
        private final String kind;
        private final Map<String, INDArray> arrays = new LinkedHashMap<>();
        private final Map<String, Double> numbers = new LinkedHashMap<>();

        private Builder(String kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
        }

        public Builder array(String name, INDArray value) {
            arrays.put(name, value.dup());
            return this;
        }

        public Builder number(String name, double value) {
            numbers.put(name, value);
            return this;
        }

        /** Stores a long exactly, as raw bits. */
        public Builder longNumber(String name, long value) {
            numbers.put(name, Double.longBitsToDouble(value));
            return this;
        }

        public OptimizerState build() {
            return new OptimizerState(kind, new LinkedHashMap<>(arrays), new LinkedHashMap<>(numbers));
        }
    }
}
