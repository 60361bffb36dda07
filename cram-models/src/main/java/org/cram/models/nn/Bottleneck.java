package org.cram.models.nn;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The ResNet bottleneck block as torchvision builds it (v1.5: the stride sits on the 3x3 convolution):
 * 1x1 conv to {@code planes}, BN, ReLU, 3x3 conv (stride), BN, ReLU, 1x1 conv to {@code 4 * planes}, BN, plus the
 * shortcut, then ReLU. Convolutions have no bias; the shortcut is a 1x1-conv + BN projection when the stride or
 * width changes.
 */
public final class Bottleneck extends ResidualBlock {
    /** Output channels per {@code planes}. */
    public static final int EXPANSION = 4;

    /**
     * @param name   the prefix of every parameter, e.g. {@code "layer1.0"}
     * @param in     input channels
     * @param planes width of the inner convolutions; the block outputs {@code EXPANSION * planes} channels
     * @param stride stride of the 3x3 convolution and of the shortcut
     */
    public Bottleneck(String name, int in, int planes, int stride, DataType type, Initializer init) {
        super(new Sequential(
                        new Conv2d(name + ".conv1", in, planes, 1, 1, 0, false, type, init),
                        new BatchNorm2d(name + ".bn1", planes, type),
                        new Relu(),
                        new Conv2d(name + ".conv2", planes, planes, 3, stride, 1, false, type, init),
                        new BatchNorm2d(name + ".bn2", planes, type),
                        new Relu(),
                        new Conv2d(name + ".conv3", planes, planes * EXPANSION, 1, 1, 0, false, type, init),
                        new BatchNorm2d(name + ".bn3", planes * EXPANSION, type)),
                downsample(name, in, planes * EXPANSION, stride, type, init));
    }
}
