package org.cram.api.param;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A named trainable tensor owned by a model.
 *
 * <p>{@link #value()} is the model's live array: writing into it (for example an optimizer's in-place
 * update or a compressor's mask) changes the model. The array is contiguous, C-ordered and never a view,
 * so its buffer can be read and written directly. Identity (name, role, prunability, axis) is immutable.
 */
public final class Parameter {
    private final String name;
    private final ParameterRole role;
    private final boolean prunable;
    private final int inputAxis;
    private final int outputAxis;
    private final INDArray value;

    private Parameter(String name, ParameterRole role, boolean prunable, int inputAxis, int outputAxis,
                      INDArray value) {
        this.name = Objects.requireNonNull(name, "name");
        this.role = Objects.requireNonNull(role, "role");
        this.value = Objects.requireNonNull(value, "value");
        if (name.isBlank()) {
            throw new IllegalArgumentException("parameter name must not be blank");
        }
        if (value.isView() || value.ordering() != 'c') {
            throw new IllegalArgumentException("parameter '" + name + "' must own a contiguous C-ordered array, got "
                    + (value.isView() ? "a view" : "ordering " + value.ordering()));
        }
        checkAxis(name, "inputAxis", inputAxis, value);
        checkAxis(name, "outputAxis", outputAxis, value);
        if (inputAxis >= 0 && inputAxis == outputAxis) {
            throw new IllegalArgumentException("parameter '" + name + "': input and output axis are both " + inputAxis);
        }
        this.prunable = prunable;
        this.inputAxis = inputAxis;
        this.outputAxis = outputAxis;
    }

    private static void checkAxis(String name, String which, int axis, INDArray value) {
        if (axis < -1 || axis >= value.rank()) {
            throw new IllegalArgumentException("parameter '" + name + "': " + which + " " + axis
                    + " outside [-1, " + (value.rank() - 1) + "] for shape " + Arrays.toString(value.shape()));
        }
    }

    /**
     * A weight tensor (rank >= 2), prunable by default.
     *
     * @param inputAxis  the axis indexing input features/channels, along which N:M groups are formed
     * @param outputAxis the axis indexing output features/channels (per-channel quantization scales)
     */
    public static Parameter weight(String name, INDArray value, int inputAxis, int outputAxis) {
        if (value.rank() < 2) {
            throw new IllegalArgumentException("weight '" + name + "' must have rank >= 2, got shape "
                    + Arrays.toString(value.shape()));
        }
        return new Parameter(name, ParameterRole.WEIGHT, true, inputAxis, outputAxis, value);
    }

    /** A linear weight in PyTorch's {@code [out, in]} layout: input axis 1, output axis 0. */
    public static Parameter linearWeight(String name, INDArray value) {
        return weight(name, value, 1, 0);
    }

    /** A convolution weight in libnd4j's {@code [kH, kW, in, out]} layout: input axis 2, output axis 3. */
    public static Parameter convWeight(String name, INDArray value) {
        if (value.rank() != 4) {
            throw new IllegalArgumentException("conv weight '" + name + "' must have rank 4 [kH, kW, in, out], got "
                    + Arrays.toString(value.shape()));
        }
        return weight(name, value, 2, 3);
    }

    /** A parameter of any role with explicit prunability and no input or output axis. */
    public static Parameter of(String name, ParameterRole role, boolean prunable, INDArray value) {
        return new Parameter(name, role, prunable, -1, -1, value);
    }

    /** The same tensor with a different prunability (for example to exclude a first convolution). */
    public Parameter withPrunable(boolean newPrunable) {
        return new Parameter(name, role, newPrunable, inputAxis, outputAxis, value);
    }

    /** Unique name within its model, e.g. {@code "conv1.weight"}. */
    public String name() {
        return name;
    }

    public ParameterRole role() {
        return role;
    }

    /** Whether compressors may change this tensor. */
    public boolean isPrunable() {
        return prunable;
    }

    /** Axis of input features/channels, or -1 if the tensor has none. */
    public int inputAxis() {
        return inputAxis;
    }

    /** Axis of output features/channels, or -1 if the tensor has none. */
    public int outputAxis() {
        return outputAxis;
    }

    /** The live array (see class comment). */
    public INDArray value() {
        return value;
    }

    /** Number of scalar entries. */
    public long numel() {
        return value.length();
    }

    @Override
    public String toString() {
        return name + Arrays.toString(value.shape()) + "(" + role + (prunable ? ", prunable" : "") + ")";
    }
}
