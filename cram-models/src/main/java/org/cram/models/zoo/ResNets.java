package org.cram.models.zoo;

import java.util.ArrayList;
import java.util.List;
import org.cram.models.nn.BasicBlock;
import org.cram.models.nn.BatchNorm2d;
import org.cram.models.nn.Bottleneck;
import org.cram.models.nn.Conv2d;
import org.cram.models.nn.Dense;
import org.cram.models.nn.GlobalAvgPool;
import org.cram.models.nn.Initializer;
import org.cram.models.nn.Layer;
import org.cram.models.nn.MaxPool2d;
import org.cram.models.nn.Network;
import org.cram.models.nn.Relu;
import org.cram.models.nn.ResidualBlock;
import org.cram.models.zoo.ModelZoo.ModelSpec;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The ResNet family with torchvision's parameter names ({@code conv1}, {@code bn1}, {@code layer2.0.conv1},
 * {@code layer2.0.downsample.0}, {@code fc}, ...): the CIFAR variants of the reference's
 * {@code models/resnet_cifar10.py} and the ImageNet variants of {@code torchvision.models.resnet}. Convolutions have
 * no bias and He fan-out normal weights, batch norm starts at gamma 1 and beta 0, the final linear layer uses torch's
 * default initialization. Global average pooling makes every variant accept any input size the strides allow.
 */
public final class ResNets {
    private ResNets() {
    }

    /** Builds one residual block: name prefix, input channels, planes, stride. */
    @FunctionalInterface
    interface BlockFactory {
        ResidualBlock create(String name, int in, int planes, int stride, DataType type, Initializer init);
    }

    /**
     * CIFAR ResNet-(6n+2) as the reference: 3x3 conv to 16 channels + BN + ReLU, three stages of {@code n} basic
     * blocks with 16, 32 and 64 channels (stride 2 at the start of stages 2 and 3, 1x1-conv + BN projection
     * shortcuts), global average pooling and a 64 -> classes linear layer. n = 3, 5, 7, 9 give ResNet-20/32/44/56.
     */
    public static Network cifar(ModelSpec s, int blocksPerStage) {
        if (blocksPerStage < 1) {
            throw new IllegalArgumentException("a CIFAR ResNet needs at least one block per stage, got "
                    + blocksPerStage);
        }
        Initializer init = new Initializer(s.seed());
        DataType t = s.dataType();
        List<Layer> layers = new ArrayList<>(List.of(
                new Conv2d("conv1", s.channels(), 16, 3, 1, 1, false, t, init),
                new BatchNorm2d("bn1", 16, t),
                new Relu()));
        int in = 16;
        int[] widths = {16, 32, 64};
        for (int stage = 0; stage < widths.length; stage++) {
            in = addStage(layers, BasicBlock::new, BasicBlock.EXPANSION, "layer" + (stage + 1), in, widths[stage],
                    blocksPerStage, stage == 0 ? 1 : 2, t, init);
        }
        layers.add(new GlobalAvgPool());
        layers.add(new Dense("fc", in, s.classes(), t, init));
        return new Network(s.name(), t, layers);
    }

    /** torchvision ResNet-18: basic blocks [2, 2, 2, 2]. */
    public static Network resnet18(ModelSpec s) {
        return imagenet(s, BasicBlock::new, BasicBlock.EXPANSION, 2, 2, 2, 2);
    }

    /** torchvision ResNet-34: basic blocks [3, 4, 6, 3]. */
    public static Network resnet34(ModelSpec s) {
        return imagenet(s, BasicBlock::new, BasicBlock.EXPANSION, 3, 4, 6, 3);
    }

    /** torchvision ResNet-50 (v1.5): bottleneck blocks [3, 4, 6, 3]. */
    public static Network resnet50(ModelSpec s) {
        return imagenet(s, Bottleneck::new, Bottleneck.EXPANSION, 3, 4, 6, 3);
    }

    /**
     * The torchvision layout: 7x7/2 conv to 64 channels + BN + ReLU, 3x3/2 max pooling with padding 1, four stages
     * with 64, 128, 256 and 512 planes (stride 2 at the start of stages 2-4), global average pooling and a
     * linear layer.
     */
    private static Network imagenet(ModelSpec s, BlockFactory block, int expansion, int... blocksPerStage) {
        Initializer init = new Initializer(s.seed());
        DataType t = s.dataType();
        List<Layer> layers = new ArrayList<>(List.of(
                new Conv2d("conv1", s.channels(), 64, 7, 2, 3, false, t, init),
                new BatchNorm2d("bn1", 64, t),
                new Relu(),
                new MaxPool2d(3, 2, 1)));
        int in = 64;
        int[] planes = {64, 128, 256, 512};
        for (int stage = 0; stage < planes.length; stage++) {
            in = addStage(layers, block, expansion, "layer" + (stage + 1), in, planes[stage], blocksPerStage[stage],
                    stage == 0 ? 1 : 2, t, init);
        }
        layers.add(new GlobalAvgPool());
        layers.add(new Dense("fc", in, s.classes(), t, init));
        return new Network(s.name(), t, layers);
    }

    /** Appends one stage (torchvision's {@code _make_layer}) and returns its output channels. */
    private static int addStage(List<Layer> layers, BlockFactory block, int expansion, String name, int in,
                                int planes, int blocks, int stride, DataType t, Initializer init) {
        layers.add(block.create(name + ".0", in, planes, stride, t, init));
        for (int i = 1; i < blocks; i++) {
            layers.add(block.create(name + "." + i, planes * expansion, planes, 1, t, init));
        }
        return planes * expansion;
    }
}
