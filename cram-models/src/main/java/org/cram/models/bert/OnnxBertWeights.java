package org.cram.models.bert;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cram.api.param.ParameterSet;
import org.cram.models.io.StateDict;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pretrained BERT weights from an ONNX export (e.g. all-MiniLM-L6-v2's {@code model.onnx}), read as plain tensors.
 *
 * <p>Why Tribuo's generated ONNX protobuf classes ({@code ai.onnx.proto.OnnxMl}) rather than ND4J's ONNX importer or
 * ONNX Runtime: only the initializer tensors are wanted, not the graph. {@code ModelProto.parseFrom} needs no native
 * runtime and converts no graph (ND4J's importer would rebuild the whole graph as SameDiff, whose ops and backward
 * passes this project avoids); the weights then go into our own imperative layers with exact backward passes.
 *
 * <p>Layout handled: named initializers {@code embeddings.*}, {@code encoder.layer.N.*.bias} and the LayerNorms map
 * directly. PyTorch's exporter stores the 6 weight matrices of every layer anonymously ({@code onnx::MatMul_NNN},
 * {@code [in, out]} for {@code y = x W + b}); they are assigned by their order of use in the graph's MatMul nodes
 * (Q, K, V, attention output, FFN in, FFN out per layer) and transposed into torch's {@code [out, in]}. A weight
 * exported under its Hugging Face name is taken by name instead (already {@code [out, in]}). An optional pooler is
 * recognised by {@code pooler.dense.bias} plus one further MatMul weight. Every tensor's shape is checked against
 * the configuration (errors name the file, the tensor and both shapes), and declared sizes are checked against the
 * stored data before anything is allocated. The number of heads cannot be inferred from weights: it comes from the
 * {@link BertConfig}.
 */
public final class OnnxBertWeights {
    /** protobuf's own limit on one message. */
    public static final long MAX_BYTES = Integer.MAX_VALUE;
    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");
    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    private static final int DOUBLE = OnnxMl.TensorProto.DataType.DOUBLE_VALUE;

    private final String source;
    private final Map<String, OnnxMl.TensorProto> initializers;
    private final List<String> matMulWeights;

    private OnnxBertWeights(String source, OnnxMl.GraphProto graph) {
        this.source = source;
        Map<String, OnnxMl.TensorProto> init = new LinkedHashMap<>();
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            init.put(t.getName(), t);
        }
        this.initializers = init;
        Set<String> used = new LinkedHashSet<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (!node.getOpType().equals("MatMul")) {
                continue;
            }
            for (String input : node.getInputList()) {
                OnnxMl.TensorProto t = init.get(input);
                if (t != null && t.getDimsCount() == 2 && !input.startsWith("embeddings.")
                        && !input.startsWith("encoder.") && !input.startsWith("pooler.")) {
                    used.add(input);
                }
            }
        }
        this.matMulWeights = List.copyOf(used);
    }

    /** Parses an ONNX file (at most {@link #MAX_BYTES}). */
    public static OnnxBertWeights read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(file + ": " + size + " bytes is more than an ONNX protobuf can hold (" + MAX_BYTES
                    + "); models with external data are not supported");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString(), MAX_BYTES);
        }
    }

    /**
     * Parses an ONNX model from a stream (e.g. a class-path resource).
     *
     * @param source   what to call the model in errors
     * @param maxBytes the most bytes read before giving up
     */
    public static OnnxBertWeights read(InputStream in, String source, long maxBytes) throws IOException {
        OnnxMl.ModelProto model;
        try {
            CodedInputStream coded = CodedInputStream.newInstance(new Bounded(in, maxBytes, source));
            coded.setSizeLimit(Integer.MAX_VALUE);
            model = OnnxMl.ModelProto.parseFrom(coded);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(source + ": truncated or not an ONNX model (" + e.getMessage() + ")", e);
        }
        if (!model.hasGraph() || model.getGraph().getInitializerCount() == 0) {
            throw new IOException(source + ": not an ONNX model with weights (no graph initializers)");
        }
        return new OnnxBertWeights(source, model.getGraph());
    }

    /** Where the weights came from. */
    public String source() {
        return source;
    }

    /** Names of all initializers, in file order. */
    public Set<String> initializerNames() {
        return java.util.Collections.unmodifiableSet(initializers.keySet());
    }

    /** Whether the export includes the pooler ({@code pooler.dense.bias}). */
    public boolean hasPooler() {
        return initializers.containsKey("pooler.dense.bias");
    }

    /**
     * The configuration the tensors imply: vocabulary, hidden size, positions and token types from the embedding
     * tables, layers from the {@code encoder.layer.N} names, FFN size from {@code intermediate.dense.bias};
     * layer-norm epsilon 1e-12 (BERT's; not recoverable from the weights).
     *
     * @param numHeads attention heads (not recoverable from the weights)
     */
    public BertConfig inferConfig(int numHeads) throws IOException {
        long[] word = storedDims("embeddings.word_embeddings.weight", 2);
        long[] pos = storedDims("embeddings.position_embeddings.weight", 2);
        long[] types = storedDims("embeddings.token_type_embeddings.weight", 2);
        Set<Integer> layers = new TreeSet<>();
        for (String name : initializers.keySet()) {
            Matcher m = LAYER.matcher(name);
            if (m.find()) {
                try {
                    layers.add(Integer.parseInt(m.group(1)));
                } catch (NumberFormatException e) {
                    throw new IOException(source + ": initializer '" + name + "' has an impossible layer number");
                }
            }
        }
        if (layers.isEmpty()) {
            throw new IOException(source + ": no encoder.layer.N tensors");
        }
        long[] inter = storedDims("encoder.layer.0.intermediate.dense.bias", 1);
        try {
            return new BertConfig(toInt("vocabulary size", word[0]), toInt("hidden size", word[1]), layers.size(),
                    numHeads, toInt("intermediate size", inter[0]), toInt("positions", pos[0]),
                    toInt("token types", types[0]), 1e-12, 0.02);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": the embedding tables imply an invalid configuration: "
                    + e.getMessage(), e);
        }
    }

    private int toInt(String what, long value) throws IOException {
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new IOException(source + ": " + what + " " + value + " from the tensor dims is not a positive int");
        }
        return (int) value;
    }

    /**
     * The dims of a tensor the configuration is read from, after checking their number and that the stored data
     * really holds that many values (so a model is never sized from dims a small file merely claims).
     */
    private long[] storedDims(String name, int rank) throws IOException {
        OnnxMl.TensorProto t = require(name);
        long[] dims = dims(t);
        if (dims.length != rank) {
            throw new IOException(source + ": tensor '" + name + "' has " + dims.length + " dims "
                    + Arrays.toString(dims) + ", expected " + rank);
        }
        long count = elementCount(t, name);
        long stored;
        if (t.getDataType() == FLOAT) {
            stored = t.getRawData().isEmpty() ? t.getFloatDataCount() : t.getRawData().size() / 4;
        } else if (t.getDataType() == DOUBLE) {
            stored = t.getRawData().isEmpty() ? t.getDoubleDataCount() : t.getRawData().size() / 8;
        } else {
            throw new IOException(source + ": tensor '" + name + "' has ONNX data type " + t.getDataType()
                    + " (only FLOAT and DOUBLE weights are supported)");
        }
        if (stored != count) {
            throw new IOException(source + ": tensor '" + name + "' has dims " + Arrays.toString(dims)
                    + " declaring " + count + " elements, but stores " + stored + " (corrupt file?)");
        }
        return dims;
    }

    /** The product of the dims, checked for negative dims and overflow. */
    private long elementCount(OnnxMl.TensorProto t, String name) throws IOException {
        long count = 1;
        for (long d : dims(t)) {
            if (d < 0) {
                throw new IOException(source + ": tensor '" + name + "' has a negative dimension");
            }
            if (d != 0 && count > Long.MAX_VALUE / d) {
                throw new IOException(source + ": tensor '" + name + "' has dims " + Arrays.toString(dims(t))
                        + " whose element count overflows");
            }
            count *= d;
        }
        return count;
    }

    /**
     * Every encoder tensor (plus the pooler's, if exported) under Hugging Face's names, in torch's layout and the
     * requested type.
     *
     * @throws IOException              for missing tensors, unsupported storage or data inconsistent with its dims
     * @throws IllegalArgumentException for a tensor whose shape disagrees with {@code config} (naming both shapes)
     */
    public Map<String, INDArray> tensors(BertConfig config, DataType type) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>(BertNames.encoderShapes(config));
        if (hasPooler()) {
            shapes.putAll(BertNames.poolerShapes(config));
        }
        Set<String> matrices = new LinkedHashSet<>();
        for (int l = 0; l < config.numLayers(); l++) {
            for (String m : BertNames.LAYER_MATRICES) {
                matrices.add("encoder.layer." + l + "." + m + ".weight");
            }
        }
        if (hasPooler()) {
            matrices.add("pooler.dense.weight");
        }
        int needed = 0;
        for (String m : matrices) {
            if (!initializers.containsKey(m)) {
                needed++;
            }
        }
        if (matMulWeights.size() != needed) {
            throw new IOException(source + ": expected " + needed + " anonymous MatMul weight matrices for "
                    + config.numLayers() + " layers" + (hasPooler() ? " and a pooler" : "") + ", found "
                    + matMulWeights.size() + (matMulWeights.size() > 12 ? "" : " " + matMulWeights));
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        int next = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            if (matrices.contains(name) && !initializers.containsKey(name)) {
                String anonymous = matMulWeights.get(next++);
                long[] stored = {shape[1], shape[0]};
                INDArray w = decode(initializers.get(anonymous), anonymous + " (used as " + name + ")", stored, type);
                out.put(name, w.transpose().dup('c'));
            } else {
                out.put(name, decode(require(name), name, shape, type));
            }
        }
        return out;
    }

    /** Loads the encoder's weights; every encoder parameter must be present and match. */
    public StateDict.Report loadInto(BertEncoder encoder) throws IOException {
        ParameterSet params = new ParameterSet(encoder.parameters());
        Map<String, INDArray> t = tensors(encoder.config(), encoder.dataType());
        t.keySet().removeIf(name -> name.startsWith("pooler."));
        return StateDict.assign(params, t, source, true, false, false);
    }

    /**
     * Loads into a task model's parameters whose encoder names match Hugging Face's: every encoder tensor must land
     * (and the pooler's, if both the file and the model have one); head parameters absent from the file keep their
     * initial values and are reported as missing.
     */
    public StateDict.Report loadInto(ParameterSet parameters, BertConfig config) throws IOException {
        Map<String, INDArray> t = tensors(config, parameters.get(0).value().dataType());
        if (!parameters.contains("pooler.dense.weight")) {
            t.keySet().removeIf(name -> name.startsWith("pooler."));
        }
        return StateDict.assign(parameters, t, source, false, false, false);
    }

    private OnnxMl.TensorProto require(String name) throws IOException {
        OnnxMl.TensorProto t = initializers.get(name);
        if (t == null) {
            throw new IOException(source + ": no initializer '" + name + "' (is this a BERT export?)");
        }
        return t;
    }

    private long[] dims(OnnxMl.TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** Decodes one tensor after checking its dims against {@code expected} and its data length against its dims. */
    private INDArray decode(OnnxMl.TensorProto t, String name, long[] expected, DataType type) throws IOException {
        long[] dims = dims(t);
        if (!Arrays.equals(dims, expected)) {
            throw new IllegalArgumentException(source + ": tensor '" + name + "' has shape " + Arrays.toString(dims)
                    + " but the configuration needs " + Arrays.toString(expected));
        }
        if (t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL) {
            throw new IOException(source + ": tensor '" + name + "' keeps its data in an external file (unsupported)");
        }
        long count = elementCount(t, name);
        if (count > Integer.MAX_VALUE) {
            throw new IOException(source + ": tensor '" + name + "' has " + count + " elements, too many");
        }
        int n = (int) count;
        ByteString raw = t.getRawData();
        if (t.getDataType() == FLOAT) {
            float[] v;
            if (!raw.isEmpty()) {
                checkLength(name, raw.size(), (long) n * 4);
                v = new float[n];
                raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            } else {
                checkLength(name, t.getFloatDataCount(), n);
                v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = t.getFloatData(i);
                }
            }
            return Nd4j.create(v, dims, 'c').castTo(type);
        }
        if (t.getDataType() == DOUBLE) {
            double[] v;
            if (!raw.isEmpty()) {
                checkLength(name, raw.size(), (long) n * 8);
                v = new double[n];
                ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                b.asDoubleBuffer().get(v);
            } else {
                checkLength(name, t.getDoubleDataCount(), n);
                v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = t.getDoubleData(i);
                }
            }
            return Nd4j.create(v, dims, 'c').castTo(type);
        }
        throw new IOException(source + ": tensor '" + name + "' has ONNX data type " + t.getDataType()
                + " (only FLOAT and DOUBLE weights are supported)");
    }

    private void checkLength(String name, long actual, long expected) throws IOException {
        if (actual != expected) {
            throw new IOException(source + ": tensor '" + name + "' stores " + actual + " values/bytes where its dims"
                    + " need " + expected + " (corrupt file?)");
        }
    }

    /** Fails once more than {@code max} bytes have been read. */
    private static final class Bounded extends FilterInputStream {
        private final long max;
        private final String source;
        private long count;

        Bounded(InputStream in, long max, String source) {
            super(in);
            this.max = max;
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            if (skipped > 0) {
                add(skipped);
            }
            return skipped;
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > max) {
                throw new IOException(source + ": more than " + max + " bytes; not reading further");
            }
        }
    }
}
