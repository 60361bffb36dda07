package org.cram.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cram.api.testing.NdAssertions.assertAllClose;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cram.api.param.ParameterSet;
import org.cram.models.bert.BertConfig;
import org.cram.models.bert.BertForSequenceClassification;
import org.cram.models.bert.BertInit;
import org.cram.models.bert.Pooling;
import org.cram.models.bert.PruningScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** .npy bytes against the NPY 1.0 format, and .npz round trips of model weights with checked loading. */
class NpzTest {
    private static final BertConfig TINY = new BertConfig(30, 8, 2, 2, 16, 16, 2, 1e-12, 0.02);

    @Test
    void npyHeaderIsByteForByteTheDocumentedFormat() throws IOException {
        INDArray a = Nd4j.createFromArray(new float[][] {{0, 1, 2}, {3, 4, 5}});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, a);
        byte[] bytes = out.toByteArray();

        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        // numpy.save (numpy 2.x) writes exactly this: magic, version 1.0, little-endian header length 118,
        // the dict, spaces, a newline, so that the data starts at byte 128 (a multiple of 64)
        ByteBuffer expected = ByteBuffer.allocate(128 + 6 * 4).order(ByteOrder.LITTLE_ENDIAN);
        expected.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        expected.putShort((short) 118);
        expected.put(dict.getBytes(StandardCharsets.US_ASCII));
        expected.put(" ".repeat(128 - 10 - dict.length() - 1).getBytes(StandardCharsets.US_ASCII));
        expected.put((byte) '\n');
        for (int i = 0; i < 6; i++) {
            expected.putFloat(i);
        }
        assertThat(bytes).isEqualTo(expected.array());
        assertThat((10 + 118) % 64).isZero();

        INDArray back = Npy.read(new ByteArrayInputStream(bytes), "a.npy", 1 << 20);
        assertThat(back.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(back).isEqualTo(a);
    }

    @Test
    void readsFortranOrderBigEndianAndScalarsAndRejectsTruncation() throws IOException {
        String dict = "{'descr': '>f8', 'fortran_order': True, 'shape': (2, 3), }";
        byte[] header = headerFor(dict);
        ByteBuffer b = ByteBuffer.allocate(header.length + 48).order(ByteOrder.BIG_ENDIAN);
        b.put(header);
        // column-major storage of [[0, 1, 2], [3, 4, 5]]
        for (double v : new double[] {0, 3, 1, 4, 2, 5}) {
            b.putDouble(v);
        }
        INDArray a = Npy.read(new ByteArrayInputStream(b.array()), "f.npy", 1 << 20);
        assertThat(a).isEqualTo(Nd4j.createFromArray(new double[][] {{0, 1, 2}, {3, 4, 5}}));

        byte[] truncated = Arrays.copyOf(b.array(), b.array().length - 5);
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(truncated), "f.npy", 1 << 20))
                .isInstanceOf(IOException.class).hasMessageContaining("f.npy: truncated .npy");
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(b.array()), "f.npy", 40))
                .hasMessageContaining("needs 48 bytes, more than the 40 allowed");
        String bad = "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }";
        assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(headerFor(bad)), "c.npy", 1 << 20))
                .hasMessageContaining("unsupported .npy descr '<c8'");
    }

    private static byte[] headerFor(String dict) {
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String text = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) text.length());
        b.put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    @Test
    void modelWeightsRoundTripBitForBit(@TempDir Path dir) throws IOException {
        BertForSequenceClassification source = model(1, DataType.FLOAT);
        Path file = dir.resolve("weights.npz");
        Npz.write(file, source.parameters());

        Map<String, INDArray> read = Npz.read(file);
        assertThat(read.keySet()).containsExactlyElementsOf(source.parameters().names());

        BertForSequenceClassification target = model(2, DataType.FLOAT);
        StateDict.Report report = Npz.load(file, target.parameters());
        assertThat(report.loaded()).hasSize(source.parameters().size());
        for (int i = 0; i < source.parameters().size(); i++) {
            assertAllClose(target.parameters().get(i).value(), source.parameters().get(i).value(), 0, 0);
        }
    }

    @Test
    void loadingChecksNamesShapesAndTypesNamingTheTensor(@TempDir Path dir) throws IOException {
        ParameterSet target = model(3, DataType.FLOAT).parameters();
        Path doubles = dir.resolve("double.npz");
        Npz.write(doubles, model(4, DataType.DOUBLE).parameters());
        assertThatThrownBy(() -> Npz.load(doubles, target)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(doubles.toString())
                .hasMessageContaining("'embeddings.word_embeddings.weight' has data type DOUBLE")
                .hasMessageContaining("FLOAT");

        Map<String, INDArray> tensors = new LinkedHashMap<>(StateDict.of(target));
        tensors.put("classifier.weight", Nd4j.zeros(DataType.FLOAT, 4, 8));
        Path wrongShape = dir.resolve("shape.npz");
        Npz.write(wrongShape, tensors);
        assertThatThrownBy(() -> Npz.load(wrongShape, target))
                .hasMessageContaining("'classifier.weight' has shape [4, 8] but the parameter has shape [3, 8]");

        tensors = new LinkedHashMap<>(StateDict.of(target));
        tensors.remove("classifier.bias");
        tensors.put("bert.extra", Nd4j.zeros(DataType.FLOAT, 2));
        Path names = dir.resolve("names.npz");
        Npz.write(names, tensors);
        assertThatThrownBy(() -> Npz.load(names, target)).hasMessageContaining("no tensor for parameter(s) "
                + "[classifier.bias]");
        tensors.put("classifier.bias", Nd4j.zeros(DataType.FLOAT, 3));
        Npz.write(names, tensors);
        assertThatThrownBy(() -> Npz.load(names, target)).hasMessageContaining("[bert.extra] match no parameter");
    }

    @Test
    void notAnArchiveIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.npz");
        java.nio.file.Files.writeString(file, "not a zip");
        assertThatThrownBy(() -> Npz.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());
    }

    private static BertForSequenceClassification model(long seed, DataType type) {
        return new BertForSequenceClassification("tiny", TINY, 3, Pooling.MEAN, PruningScope.ENCODER_LINEAR, type,
                BertInit.normal(seed, 0.02));
    }
}
