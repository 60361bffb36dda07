package org.cram.models.zoo;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.cram.models.nn.BatchNorm2d;
import org.cram.models.nn.Conv2d;
import org.cram.models.nn.Dense;
import org.cram.models.nn.Flatten;
import org.cram.models.nn.GlobalAvgPool;
import org.cram.models.nn.Initializer;
import org.cram.models.nn.MaxPool2d;
import org.cram.models.nn.Network;
import org.cram.models.nn.Relu;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The networks the framework builds, by the names configs use: {@code lenet-300-100}, {@code cnn-bn}, the CIFAR
 * ResNets {@code resnet20/32/44/56} and the ImageNet (torchvision) ResNets {@code resnet18/34/50}; see
 * {@link ResNets}.
 */
public final class ModelZoo {
    private static final Map<String, Function<ModelSpec, Network>> BUILDERS = new TreeMap<>(Map.ofEntries(
            Map.entry("lenet-300-100", ModelZoo::lenet300100),
            Map.entry("cnn-bn", ModelZoo::smallCnn),
            Map.entry("resnet20", s -> ResNets.cifar(s, 3)),
            Map.entry("resnet32", s -> ResNets.cifar(s, 5)),
            Map.entry("resnet44", s -> ResNets.cifar(s, 7)),
            Map.entry("resnet56", s -> ResNets.cifar(s, 9)),
            Map.entry("resnet18", ResNets::resnet18),
            Map.entry("resnet34", ResNets::resnet34),
            Map.entry("resnet50", ResNets::resnet50)));

    private ModelZoo() {
    }

    /** What to build: the architecture's name and the input geometry, type and seed. */
    public record ModelSpec(String name, int channels, int height, int width, int classes, DataType dataType,
                            long seed) {
    }

    /** The registered model names. */
    public static List<String> names() {
        return List.copyOf(BUILDERS.keySet());
    }

    /** Builds a model; an unknown name is an error listing the known ones. */
    public static Network build(ModelSpec spec) {
        Function<ModelSpec, Network> builder = BUILDERS.get(spec.name());
        if (builder == null) {
            throw new IllegalArgumentException("unknown model '" + spec.name() + "'; known: " + names());
        }
        return builder.apply(spec);
    }

    /**
     * LeNet-300-100: the classic pruning benchmark MLP, {@code in -> 300 -> 100 -> classes} with ReLU. Takes
     * flattened input {@code [n, c*h*w]} or images (flattened first).
     */
    public static Network lenet300100(ModelSpec s) {
        Initializer init = new Initializer(s.seed());
        int in = s.channels() * s.height() * s.width();
        return new Network(s.name(), s.dataType(), List.of(
                new Flatten(),
                new Dense("fc1", in, 300, s.dataType(), init), new Relu(),
                new Dense("fc2", 300, 100, s.dataType(), init), new Relu(),
                new Dense("fc3", 100, s.classes(), s.dataType(), init)));
    }

    /**
     * A small convolutional network with batch norm, shaped like a ResNet so that almost all prunable weights are
     * convolutions: 3x3 conv (no bias) + BN + ReLU stages with 16, 32 and 64 channels, 2x2 max pooling after the
     * first two, global average pooling and a 64 -> classes linear layer. Needs height and width divisible by 4.
     */
    public static Network smallCnn(ModelSpec s) {
        if (s.height() % 4 != 0 || s.width() % 4 != 0) {
            throw new IllegalArgumentException("cnn-bn needs height and width divisible by 4, got "
                    + s.height() + "x" + s.width());
        }
        Initializer init = new Initializer(s.seed());
        DataType t = s.dataType();
        return new Network(s.name(), t, List.of(
                new Conv2d("conv1", s.channels(), 16, 3, 1, 1, false, t, init),
                new BatchNorm2d("bn1", 16, t), new Relu(), new MaxPool2d(2),
                new Conv2d("conv2", 16, 32, 3, 1, 1, false, t, init),
                new BatchNorm2d("bn2", 32, t), new Relu(), new MaxPool2d(2),
                new Conv2d("conv3", 32, 64, 3, 1, 1, false, t, init),
                new BatchNorm2d("bn3", 64, t), new Relu(),
                new GlobalAvgPool(),
                new Dense("fc", 64, s.classes(), t, init)));
    }
}
