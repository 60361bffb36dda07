package org.cram.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.cram.models.nn.Network;
import org.cram.models.nn.SingleNativeThread;
import org.cram.models.zoo.ModelZoo.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The ResNet family: exact parameter counts (torch's), roles, names, initialization and output shapes. */
@ExtendWith(SingleNativeThread.class)
class ResNetsTest {

    private static Network build(String name, int channels, int size, int classes) {
        return ModelZoo.build(new ModelSpec(name, channels, size, size, classes, DataType.FLOAT, 10));
    }

    @Test
    void resnet20OnCifarHasTheReferenceParameterCountsByRole() {
        ParameterSet params = build("resnet20", 3, 32, 10).parameters();
        assertThat(params.numel()).isEqualTo(272_474);
        assertThat(numel(params, ParameterRole.WEIGHT)).isEqualTo(270_896);
        assertThat(numel(params, ParameterRole.NORMALIZATION)).isEqualTo(1_568);
        assertThat(numel(params, ParameterRole.BIAS)).isEqualTo(10);
        assertThat(params.prunableNumel()).isEqualTo(270_896);
        // 19 convolutions + 2 projection shortcuts + fc, 21 batch norms, fc bias
        assertThat(params.size()).isEqualTo(65);
        assertThat(params.names()).startsWith("conv1.weight", "bn1.weight", "bn1.bias", "layer1.0.conv1.weight")
                .contains("layer2.0.downsample.0.weight", "layer3.0.downsample.1.bias")
                .doesNotContain("layer1.0.downsample.0.weight", "layer2.1.downsample.0.weight")
                .endsWith("fc.weight", "fc.bias");
        // Fashion-MNIST geometry only changes the stem: 3*3*(3-1)*16 fewer weights
        assertThat(build("resnet20", 1, 28, 10).parameters().numel()).isEqualTo(272_474 - 288);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "resnet20, 3, 32, 10, 272474",
            "resnet32, 3, 32, 10, 466906",
            "resnet44, 3, 32, 10, 661338",
            "resnet56, 3, 32, 10, 855770",
            "resnet18, 3, 224, 1000, 11689512",
            "resnet34, 3, 224, 1000, 21797672",
            "resnet50, 3, 224, 1000, 25557032"})
    void parameterCountsAndRolesMatchTorch(String name, int channels, int size, int classes, long expected) {
        ParameterSet params = build(name, channels, size, classes).parameters();
        assertThat(params.numel()).isEqualTo(expected);
        for (Parameter p : params) {
            String n = p.name();
            if (n.contains("bn") || n.contains("downsample.1")) {
                assertThat(p.role()).as(n).isEqualTo(ParameterRole.NORMALIZATION);
                assertThat(p.isPrunable()).as(n).isFalse();
            } else if (n.equals("fc.bias")) {
                assertThat(p.role()).as(n).isEqualTo(ParameterRole.BIAS);
                assertThat(p.isPrunable()).as(n).isFalse();
            } else {
                assertThat(n).matches("(conv1|layer\\d\\.\\d+\\.(conv\\d|downsample\\.0)|fc)\\.weight");
                assertThat(p.role()).as(n).isEqualTo(ParameterRole.WEIGHT);
                assertThat(p.isPrunable()).as(n).isTrue();
            }
        }
        assertThat(params.names()).endsWith("fc.weight", "fc.bias");
    }

    @Test
    void torchvisionResnet50HasTorchvisionNamesAndShapes() {
        ParameterSet params = build("resnet50", 3, 224, 1000).parameters();
        assertThat(params.size()).isEqualTo(161);
        // libnd4j conv layout [kH, kW, in, out]; torch's is [out, in, kH, kW]
        assertThat(params.get("conv1.weight").value().shape()).containsExactly(7, 7, 3, 64);
        assertThat(params.get("layer1.0.downsample.0.weight").value().shape()).containsExactly(1, 1, 64, 256);
        assertThat(params.get("layer2.0.conv2.weight").value().shape()).containsExactly(3, 3, 128, 128);
        assertThat(params.get("layer4.2.conv3.weight").value().shape()).containsExactly(1, 1, 512, 2048);
        assertThat(params.get("fc.weight").value().shape()).containsExactly(1000, 2048);
        assertThat(params.contains("layer1.1.downsample.0.weight")).isFalse();
    }

    @Test
    void initializationFollowsTheReference() {
        ParameterSet params = build("resnet20", 3, 32, 10).parameters();
        // He fan-out normal: std sqrt(2 / (3*3*64)) for the 64-channel 3x3 convolutions
        INDArray w = params.get("layer3.1.conv1.weight").value();
        assertThat(w.meanNumber().doubleValue()).isCloseTo(0.0, Offset.offset(0.002));
        assertThat(w.stdNumber().doubleValue()).isCloseTo(Math.sqrt(2.0 / (9 * 64)),
                Percentage.withPercentage(3));
        assertThat(params.get("layer2.0.downsample.1.weight").value().data().asDouble()).containsOnly(1.0);
        assertThat(params.get("layer2.0.downsample.1.bias").value().data().asDouble()).containsOnly(0.0);
        // torch.nn.Linear default: U(-1/sqrt(64), 1/sqrt(64))
        assertThat(params.get("fc.weight").value().amaxNumber().doubleValue()).isLessThanOrEqualTo(0.125);
    }

    static Stream<String> modelNames() {
        return ModelZoo.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelNames")
    void everyModelOutputsOneRowOfLogitsPerExample(String name) {
        boolean imagenet = name.equals("resnet18") || name.equals("resnet34") || name.equals("resnet50");
        boolean deepCifar = name.equals("resnet32") || name.equals("resnet44") || name.equals("resnet56");
        // Fashion-MNIST and CIFAR geometries; the deeper CIFAR ResNets share resnet20's code path, so one suffices;
        // ImageNet layouts at 64x64 (final maps 2x2), a single example for resnet50 to stay fast
        int[][] geometries = imagenet ? new int[][] {{3, 64}}
                : deepCifar ? new int[][] {{1, 28}} : new int[][] {{1, 28}, {3, 32}};
        int batch = name.equals("resnet50") ? 1 : 3;
        for (int[] g : geometries) {
            Network net = build(name, g[0], g[1], 7);
            INDArray x = Nd4j.rand(new SplittableRandom(1).nextLong(), new long[] {batch, g[0], g[1], g[1]})
                    .castTo(DataType.FLOAT);
            INDArray logits = net.output(x, ForwardMode.EVAL);
            assertThat(logits.shape()).as("%s on %dx%dx%d", name, g[0], g[1], g[1]).containsExactly(batch, 7);
            assertThat(logits.isInfinite().any() || logits.isNaN().any()).isFalse();
        }
    }

    private static long numel(ParameterSet params, ParameterRole role) {
        return params.asList().stream().filter(p -> p.role() == role).mapToLong(Parameter::numel).sum();
    }
}
