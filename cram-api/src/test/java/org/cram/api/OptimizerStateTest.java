package org.cram.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.cram.api.optim.OptimizerState;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OptimizerStateTest {

    @Test
    void binaryRoundTripIsBitExactAndSnapshotsDoNotAliasLiveArrays() throws IOException {
        INDArray live = Nd4j.createFromArray(new float[][] {{1.5f, -2.25f}, {Float.MIN_VALUE, 3e7f}});
        OptimizerState s = OptimizerState.builder("cram+/sgd").array("momentum.0", live)
                .longNumber("sampler", 0x9E3779B97F4A7C15L).number("lr", 0.1).build();
        live.assign(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.write(bytes);
        OptimizerState back = OptimizerState.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(back.kind()).isEqualTo("cram+/sgd");
        assertThat(back.longNumber("sampler")).isEqualTo(0x9E3779B97F4A7C15L);
        assertThat(back.number("lr")).isEqualTo(0.1);
        assertThat(back.array("momentum.0").dataType()).isEqualTo(DataType.FLOAT);
        assertThat(back.array("momentum.0").data().asFloat()).containsExactly(1.5f, -2.25f, Float.MIN_VALUE, 3e7f);
    }

    @Test
    void wrongKindMissingEntriesAndForeignBytesAreClearErrors() {
        OptimizerState s = OptimizerState.builder("sgd").number("steps", 3).build();
        assertThatThrownBy(() -> s.requireKind("adam")).hasMessageContaining("'sgd'").hasMessageContaining("'adam'");
        assertThatThrownBy(() -> s.array("m")).hasMessageContaining("no array 'm'");
        assertThatThrownBy(() -> s.number("lr")).hasMessageContaining("no number 'lr'").hasMessageContaining("steps");
        assertThatThrownBy(() -> OptimizerState.read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})))
                .isInstanceOf(IOException.class).hasMessageContaining("not an optimizer state");
    }
}
