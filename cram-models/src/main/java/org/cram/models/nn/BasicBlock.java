package org.cram.models.nn;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The ResNet basic block: {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))} with 3x3 convolutions
 * (no bias), the stride on {@code conv1}, and a 1x1-conv + BN shortcut when the stride or width changes (the
 * reference's option B, and torchvision's). Output channels equal {@code planes} (expansion 1).
 */
public final class BasicBlock extends ResidualBlock {
    /** Output channels per {@code planes}. */
    public static final int EXPANSION = 1;

    /**
     * @param name   the prefix of every parameter, e.g. {@code "layer1.0"}
     * @param in     input channels
     * @param planes output channels
     * @param stride stride of the first convolution and of the shortcut
     */
    public BasicBlock(String name, int in, int planes, int stride, DataType type, Initializer init) {
        super(new Sequential(
                        new Conv2d(name + ".conv1", in, planes, 3, stride, 1, false, type, init),
                        new BatchNorm2d(name + ".bn1", planes, type),
                        new Relu(),
                        new Conv2d(name + ".conv2", planes, planes, 3, 1, 1, false, type, init),
                        new BatchNorm2d(name + ".bn2", planes, type)),
                downsample(name, in, planes * EXPANSION, stride, type, init));
    }
}
