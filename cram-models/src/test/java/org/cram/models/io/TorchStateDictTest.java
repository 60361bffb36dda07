package org.cram.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.cram.api.model.ForwardMode;
import org.cram.models.nn.BatchNorm2d;
import org.cram.models.nn.Network;
import org.cram.models.zoo.ModelZoo;
import org.cram.models.zoo.ModelZoo.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Export to PyTorch's names and layouts, and back, through an .npz file. */
class TorchStateDictTest {
    private static Network resnet20(long seed) {
        Network net = ModelZoo.build(new ModelSpec("resnet20", 1, 8, 8, 5, DataType.DOUBLE, seed));
        double v = 0.1;
        for (BatchNorm2d bn : net.batchNormLayers()) { // distinct, non-default statistics per layer
            bn.runningMean().assign(Nd4j.linspace(DataType.DOUBLE, v, 0.01, bn.runningMean().length()));
            bn.runningVar().assign(Nd4j.linspace(DataType.DOUBLE, 1 + v, 0.02, bn.runningVar().length()));
            v += 0.1;
        }
        return net;
    }

    @Test
    void convolutionWeightsArePermutedToTorchsOutInKhKwLayout() {
        Network net = resnet20(1);
        Map<String, INDArray> sd = TorchStateDict.export(net);
        INDArray ours = net.parameters().get("layer2.0.conv1.weight").value(); // [kH, kW, in, out]
        INDArray torch = sd.get("layer2.0.conv1.weight");
        assertThat(torch.shape()).containsExactly(32, 16, 3, 3);
        for (int o : new int[] {0, 7, 31}) {
            for (int i : new int[] {0, 5, 15}) {
                for (int h = 0; h < 3; h++) {
                    assertThat(torch.getDouble(o, i, h, 2 - h)).isEqualTo(ours.getDouble(h, 2 - h, i, o));
                }
            }
        }
        assertThat(sd.get("fc.weight").shape()).containsExactly(5, 64); // linear weights are already [out, in]
    }

    @Test
    void everyParameterAndBatchNormBufferIsExportedUnderTorchvisionNames() {
        Map<String, INDArray> sd = TorchStateDict.export(resnet20(1));
        assertThat(sd).containsKeys("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                "bn1.num_batches_tracked", "layer3.2.bn2.running_var", "fc.bias");
        assertThat(sd.get("bn1.num_batches_tracked").dataType()).isEqualTo(DataType.LONG);
        long tensors = resnet20(1).parameters().size() + 3L * resnet20(1).batchNormLayers().size();
        assertThat(sd).hasSize((int) tensors);
    }

    @Test
    void aModelLoadedFromTheNpzFileComputesExactlyWhatTheExportedOneDid(@TempDir Path dir) throws IOException {
        Network source = resnet20(1);
        Path file = dir.resolve("resnet20.npz");
        Npz.write(file, TorchStateDict.export(source));
        Network target = resnet20(99);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 1, 8, 8);
        assertThat(target.output(x, ForwardMode.EVAL).dup()).isNotEqualTo(source.output(x, ForwardMode.EVAL).dup());

        TorchStateDict.load(target, Npz.read(file), file.toString());

        assertThat(target.output(x, ForwardMode.EVAL).dup()).isEqualTo(source.output(x, ForwardMode.EVAL).dup());
        assertThat(target.batchNormLayers().get(5).runningVar())
                .isEqualTo(source.batchNormLayers().get(5).runningVar());
    }

    @Test
    void aMissingOrMisshapenTensorIsNamedAndNothingIsWritten() {
        Network target = resnet20(2);
        INDArray before = target.parameters().get("conv1.weight").value().dup();
        Map<String, INDArray> sd = TorchStateDict.export(resnet20(1));
        sd.remove("layer1.1.bn2.running_mean");
        assertThatThrownBy(() -> TorchStateDict.load(target, sd, "w.npz"))
                .hasMessage("w.npz: no tensor 'layer1.1.bn2.running_mean'");

        Map<String, INDArray> wrong = TorchStateDict.export(resnet20(1));
        wrong.put("layer1.0.conv2.weight", Nd4j.zeros(DataType.DOUBLE, 16, 16, 1, 1));
        assertThatThrownBy(() -> TorchStateDict.load(target, wrong, "w.npz"))
                .hasMessageContaining("tensor 'layer1.0.conv2.weight'").hasMessageContaining("[3, 3, 16, 16]");
        assertThat(target.parameters().get("conv1.weight").value()).isEqualTo(before);
    }
}
