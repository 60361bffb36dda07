package org.cram.api.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered, name-unique parameters of a model. The order is the model's registration order; it is fixed
 * for the model's lifetime, so per-parameter state (gradients, momentum, masks) can be kept by index.
 */
public final class ParameterSet implements Iterable<Parameter> {
    private final List<Parameter> parameters;
    private final Map<String, Integer> indexByName;

    public ParameterSet(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < this.parameters.size(); i++) {
            Integer previous = index.put(this.parameters.get(i).name(), i);
            if (previous != null) {
                throw new IllegalArgumentException("duplicate parameter name '" + this.parameters.get(i).name()
                        + "' at positions " + previous + " and " + i);
            }
        }
        this.indexByName = Collections.unmodifiableMap(index);
    }

    public int size() {
        return parameters.size();
    }

    public Parameter get(int index) {
        return parameters.get(index);
    }

    /** The parameter with this name; an error lists the known names if there is none. */
    public Parameter get(String name) {
        return parameters.get(indexOf(name));
    }

    public int indexOf(String name) {
        Integer i = indexByName.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; known: " + indexByName.keySet());
        }
        return i;
    }

    public boolean contains(String name) {
        return indexByName.containsKey(name);
    }

    /** Indices of the prunable parameters, in order. */
    public int[] prunableIndices() {
        return java.util.stream.IntStream.range(0, size()).filter(i -> parameters.get(i).isPrunable()).toArray();
    }

    /** Total number of scalar entries over all parameters. */
    public long numel() {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.numel();
        }
        return n;
    }

    /** Total number of scalar entries over the prunable parameters. */
    public long prunableNumel() {
        long n = 0;
        for (Parameter p : parameters) {
            if (p.isPrunable()) {
                n += p.numel();
            }
        }
        return n;
    }

    public List<Parameter> asList() {
        return parameters;
    }

    /** The parameters' names in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(parameters.size());
        parameters.forEach(p -> names.add(p.name()));
        return names;
    }

    @Override
    public Iterator<Parameter> iterator() {
        return parameters.iterator();
    }

    @Override
    public String toString() {
        return parameters.toString();
    }
}
