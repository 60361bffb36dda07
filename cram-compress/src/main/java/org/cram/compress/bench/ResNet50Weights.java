package org.cram.compress.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random weights shaped like the 54 prunable tensors of torchvision's ResNet-50 (53 convolutions and the final
 * linear layer, 25.5M values), each He-normal for its fan-in, so the magnitude distribution resembles a real
 * network's rather than one uniform pool.
 */
final class ResNet50Weights {
    private ResNet50Weights() {
    }

    /** One tensor: its name and its values in any order (the threshold ignores layout). */
    record Tensor(String name, float[] values) {
    }

    static List<Tensor> generate(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Tensor> out = new ArrayList<>();
        out.add(conv(r, "conv1", 3, 64, 7));
        int in = 64;
        int[] blocks = {3, 4, 6, 3};
        for (int stage = 0; stage < 4; stage++) {
            int width = 64 << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                String p = "layer" + (stage + 1) + "." + b + ".";
                out.add(conv(r, p + "conv1", in, width, 1));
                out.add(conv(r, p + "conv2", width, width, 3));
                out.add(conv(r, p + "conv3", width, 4 * width, 1));
                if (b == 0) {
                    out.add(conv(r, p + "downsample.0", in, 4 * width, 1));
                }
                in = 4 * width;
            }
        }
        out.add(tensor(r, "fc", in * 1000, Math.sqrt(1.0 / in)));
        return out;
    }

    private static Tensor conv(SplittableRandom r, String name, int in, int out, int k) {
        int fanIn = in * k * k;
        return tensor(r, name + ".weight", fanIn * out, Math.sqrt(2.0 / fanIn));
    }

    private static Tensor tensor(SplittableRandom r, String name, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return new Tensor(name, v);
    }
}
