package org.cram.models.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cram.api.testing.NdAssertions.assertAllClose;

import java.util.List;
import java.util.SplittableRandom;
import org.cram.api.model.ForwardMode;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Residual blocks: structure, the identity shortcut's forward, and gradients against finite differences. */
@ExtendWith(SingleNativeThread.class)
class ResidualBlockTest {
    private static final DataType D = DataType.DOUBLE;

    /** Moves gamma/beta off (1, 0) so that the check also exercises the batch-norm parameter paths. */
    private static void randomizeNormalization(Layer block, SplittableRandom random) {
        for (Parameter p : block.parameters()) {
            if (p.role() == ParameterRole.NORMALIZATION) {
                p.value().addi(GradientChecks.randomArray(random, D, p.value().shape()).muli(0.3));
            }
        }
    }

    private static void assertGradientsMatchFiniteDifferences(Layer block, long[] inputShape, long[] outputShape,
                                                              long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        randomizeNormalization(block, random);
        INDArray x = GradientChecks.randomArray(random, D, inputShape);
        assertThat(block.forward(x, ForwardMode.TRAIN_FROZEN_STATS).shape()).containsExactly(outputShape);
        INDArray projection = GradientChecks.randomArray(random, D, outputShape);
        StringBuilder report = new StringBuilder();
        double worst = GradientChecks.worstLayerViolation(block, x, projection, 10, 40, random, 1e-5, 1e-8, report);
        assertThat(worst).as("finite-difference mismatches:%n%s", report).isLessThanOrEqualTo(0);
    }

    @Test
    void basicBlockWithIdentityShortcutMatchesFiniteDifferences() {
        BasicBlock block = new BasicBlock("layer1.0", 4, 4, 1, D, new Initializer(1));
        assertThat(block.hasProjectionShortcut()).isFalse();
        assertGradientsMatchFiniteDifferences(block, new long[] {3, 4, 5, 5}, new long[] {3, 4, 5, 5}, 11);
    }

    @Test
    void basicBlockWithStridedProjectionShortcutMatchesFiniteDifferences() {
        BasicBlock block = new BasicBlock("layer2.0", 4, 8, 2, D, new Initializer(2));
        assertThat(block.hasProjectionShortcut()).isTrue();
        assertGradientsMatchFiniteDifferences(block, new long[] {3, 4, 6, 6}, new long[] {3, 8, 3, 3}, 12);
    }

    @Test
    void bottleneckWithStridedProjectionShortcutMatchesFiniteDifferences() {
        Bottleneck block = new Bottleneck("layer2.0", 8, 4, 2, D, new Initializer(3));
        assertThat(block.hasProjectionShortcut()).isTrue();
        assertGradientsMatchFiniteDifferences(block, new long[] {2, 8, 5, 5}, new long[] {2, 16, 3, 3}, 13);
    }

    @Test
    void bottleneckWidensThroughAProjectionEvenAtStrideOne() {
        Bottleneck widening = new Bottleneck("layer1.0", 8, 4, 1, D, new Initializer(4));
        Bottleneck identity = new Bottleneck("layer1.1", 16, 4, 1, D, new Initializer(4));
        assertThat(widening.hasProjectionShortcut()).isTrue();
        assertThat(identity.hasProjectionShortcut()).isFalse();
        assertGradientsMatchFiniteDifferences(identity, new long[] {2, 16, 4, 4}, new long[] {2, 16, 4, 4}, 14);
    }

    @Test
    void parametersAreNamedAndOrderedLikeTorchvision() {
        Bottleneck block = new Bottleneck("layer3.0", 8, 4, 2, D, new Initializer(5));
        assertThat(block.parameters()).extracting(Parameter::name).containsExactly(
                "layer3.0.conv1.weight", "layer3.0.bn1.weight", "layer3.0.bn1.bias",
                "layer3.0.conv2.weight", "layer3.0.bn2.weight", "layer3.0.bn2.bias",
                "layer3.0.conv3.weight", "layer3.0.bn3.weight", "layer3.0.bn3.bias",
                "layer3.0.downsample.0.weight", "layer3.0.downsample.1.weight", "layer3.0.downsample.1.bias");
        assertThat(block.parameters()).filteredOn(Parameter::isPrunable).extracting(Parameter::role)
                .containsOnly(ParameterRole.WEIGHT).hasSize(4);
        assertThat(block.parameters().get(9).value().shape()).containsExactly(1, 1, 8, 16);
    }

    @Test
    void nestedRunningStatisticsAreExposedResetAndFoundByTheNetwork() {
        BasicBlock block = new BasicBlock("layer2.0", 4, 8, 2, D, new Initializer(6));
        assertThat(block.hasRunningStatistics()).isTrue();
        // bn1, bn2, downsample.1: mean and variance each
        List<INDArray> stats = block.runningStatistics();
        assertThat(stats).hasSize(6);
        block.forward(GradientChecks.randomArray(new SplittableRandom(6), D, 4, 4, 6, 6).addi(2), ForwardMode.TRAIN);
        assertThat(stats.get(0).sumNumber().doubleValue()).isNotEqualTo(0.0);
        block.resetRunningStatistics();
        for (int i = 0; i < stats.size(); i++) {
            assertThat(stats.get(i).data().asDouble()).containsOnly(i % 2 == 0 ? 0.0 : 1.0);
        }
        Network net = new Network("block", D, List.of(block, new GlobalAvgPool()));
        assertThat(net.batchNormLayers()).extracting(BatchNorm2d::name)
                .containsExactly("layer2.0.bn1", "layer2.0.bn2", "layer2.0.downsample.1");
        assertThat(net.hasBatchNorm()).isTrue();
        assertThat(net.batchNormStatistics()).hasSize(6);
    }

    @Test
    void identityShortcutForwardIsReluOfMainPathPlusInput() {
        SplittableRandom random = new SplittableRandom(7);
        BasicBlock block = new BasicBlock("b", 3, 3, 1, D, new Initializer(7));
        INDArray x = GradientChecks.randomArray(random, D, 2, 3, 4, 4);
        INDArray got = block.forward(x, ForwardMode.EVAL).dup();
        Layer main = block.children().get(0);
        INDArray expected = main.forward(x, ForwardMode.EVAL).add(x);
        expected = expected.mul(expected.gt(0).castTo(D));
        assertAllClose(got, expected, 0, 0);
    }
}
