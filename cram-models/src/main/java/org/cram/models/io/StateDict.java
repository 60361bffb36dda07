package org.cram.models.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Named tensors as a PyTorch {@code state_dict}: parameter name to array. Copies such a map into a model's
 * parameters with checks of names, shapes and data types; every error names the tensor and the source.
 */
public final class StateDict {
    private StateDict() {
    }

    /** What an assignment did. */
    public record Report(List<String> loaded, List<String> missing, List<String> unexpected) {
        public Report {
            loaded = List.copyOf(loaded);
            missing = List.copyOf(missing);
            unexpected = List.copyOf(unexpected);
        }
    }

    /** The parameters' live arrays by name, in the model's order (not copies). */
    public static Map<String, INDArray> of(ParameterSet parameters) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            out.put(p.name(), p.value());
        }
        return out;
    }

    /**
     * Copies {@code tensors} into the parameters of the same names.
     *
     * @param source          where the tensors came from (a file name), for error messages
     * @param requireAll      whether every parameter must be present
     * @param allowUnexpected whether tensors without a parameter of that name are tolerated (reported)
     * @param exactType       whether data types must match exactly (otherwise values are cast)
     * @throws IllegalArgumentException naming the tensor for a shape or type mismatch, a missing parameter or an
     *                                  unexpected tensor; nothing is written unless every check passes
     */
    public static Report assign(ParameterSet parameters, Map<String, INDArray> tensors, String source,
                                boolean requireAll, boolean allowUnexpected, boolean exactType) {
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Parameter p : parameters) {
            INDArray t = tensors.get(p.name());
            if (t == null) {
                missing.add(p.name());
                continue;
            }
            if (!Arrays.equals(t.shape(), p.value().shape())) {
                throw new IllegalArgumentException(source + ": tensor '" + p.name() + "' has shape "
                        + Arrays.toString(t.shape()) + " but the parameter has shape "
                        + Arrays.toString(p.value().shape()));
            }
            if (exactType && t.dataType() != p.value().dataType()) {
                throw new IllegalArgumentException(source + ": tensor '" + p.name() + "' has data type "
                        + t.dataType() + " but the parameter has " + p.value().dataType());
            }
            loaded.add(p.name());
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : tensors.keySet()) {
            if (!parameters.contains(name)) {
                unexpected.add(name);
            }
        }
        if (requireAll && !missing.isEmpty()) {
            throw new IllegalArgumentException(source + ": no tensor for parameter(s) " + missing);
        }
        if (!allowUnexpected && !unexpected.isEmpty()) {
            throw new IllegalArgumentException(source + ": tensor(s) " + unexpected
                    + " match no parameter of the model");
        }
        for (String name : loaded) {
            INDArray t = tensors.get(name);
            INDArray target = parameters.get(name).value();
            target.assign(t.dataType() == target.dataType() ? t : t.castTo(target.dataType()));
        }
        return new Report(loaded, missing, unexpected);
    }
}
