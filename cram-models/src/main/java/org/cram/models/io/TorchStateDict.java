package org.cram.models.io;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cram.api.model.Model;
import org.cram.api.param.Parameter;
import org.cram.models.nn.BatchNorm2d;
import org.cram.models.nn.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's weights as PyTorch's {@code state_dict} of the same network: parameter names as they are (the zoo uses
 * torchvision's and Hugging Face's names), convolution weights permuted from libnd4j's {@code [kH, kW, in, out]} to
 * torch's {@code [out, in, kH, kW]}, and every batch norm's {@code running_mean}, {@code running_var} and
 * {@code num_batches_tracked} buffers. Written with {@link Npz}, the file loads in Python with
 * {@code model.load_state_dict({k: torch.from_numpy(v) for k, v in numpy.load(f).items()})}.
 */
public final class TorchStateDict {
    /** libnd4j {@code [kH, kW, in, out]} to torch {@code [out, in, kH, kW]}. */
    private static final int[] TO_TORCH = {3, 2, 0, 1};
    /** torch {@code [out, in, kH, kW]} to libnd4j {@code [kH, kW, in, out]}. */
    private static final int[] FROM_TORCH = {2, 3, 1, 0};

    private TorchStateDict() {
    }

    /** Copies of the model's tensors in torch's names and layouts, in the model's parameter order. */
    public static Map<String, INDArray> export(Model model) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            out.put(p.name(), isConvWeight(p) ? p.value().permute(TO_TORCH).dup('c') : p.value().dup('c'));
        }
        if (model instanceof Network net) {
            for (BatchNorm2d bn : net.batchNormLayers()) {
                out.put(bn.name() + ".running_mean", bn.runningMean().dup('c'));
                out.put(bn.name() + ".running_var", bn.runningVar().dup('c'));
                // torch counts training forwards here; it only matters with momentum=None, which the zoo never uses
                out.put(bn.name() + ".num_batches_tracked", Nd4j.scalar(DataType.LONG, 0L));
            }
        }
        return out;
    }

    /**
     * Loads a torch-layout state dict (as {@link #export} writes it, or as PyTorch saves the same network) into the
     * model: every parameter and every batch-norm buffer must be present with the torch shape.
     *
     * @param source where the tensors came from (a file name), for error messages
     * @throws IllegalArgumentException naming the tensor that is missing or has the wrong shape; nothing is written
     *                                  unless every tensor checks out
     */
    public static void load(Model model, Map<String, INDArray> tensors, String source) {
        Map<String, INDArray> ours = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            ours.put(p.name(), p.value());
        }
        Map<String, INDArray> theirs = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            INDArray t = require(tensors, p.name(), source);
            theirs.put(p.name(), isConvWeight(p) ? t.permute(FROM_TORCH) : t);
        }
        if (model instanceof Network net) {
            for (BatchNorm2d bn : net.batchNormLayers()) {
                ours.put(bn.name() + ".running_mean", bn.runningMean());
                ours.put(bn.name() + ".running_var", bn.runningVar());
                theirs.put(bn.name() + ".running_mean", require(tensors, bn.name() + ".running_mean", source));
                theirs.put(bn.name() + ".running_var", require(tensors, bn.name() + ".running_var", source));
            }
        }
        for (Map.Entry<String, INDArray> e : theirs.entrySet()) {
            long[] want = ours.get(e.getKey()).shape();
            if (!Arrays.equals(want, e.getValue().shape())) {
                throw new IllegalArgumentException(source + ": tensor '" + e.getKey() + "' has shape (in our layout) "
                        + Arrays.toString(e.getValue().shape()) + " but the model needs " + Arrays.toString(want));
            }
        }
        theirs.forEach((name, t) -> ours.get(name).assign(t.castTo(ours.get(name).dataType())));
    }

    private static INDArray require(Map<String, INDArray> tensors, String name, String source) {
        INDArray t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException(source + ": no tensor '" + name + "'");
        }
        return t;
    }

    private static boolean isConvWeight(Parameter p) {
        return p.value().rank() == 4 && p.inputAxis() == 2 && p.outputAxis() == 3;
    }
}
