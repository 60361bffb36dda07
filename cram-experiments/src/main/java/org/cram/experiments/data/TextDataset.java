package org.cram.experiments.data;

import java.util.List;
import java.util.Objects;

/**
 * An immutable text-classification dataset: {@link TextExample}s plus the class names their label ids index.
 * Tokenization into tensors happens elsewhere; this is the raw text.
 */
public final class TextDataset {
    private final String name;
    private final List<String> classNames;
    private final List<TextExample> examples;

    /**
     * @param classNames distinct class names; label {@code i} means {@code classNames.get(i)}
     * @param examples examples whose labels are all in {@code [0, classNames.size())}
     */
    public TextDataset(String name, List<String> classNames, List<TextExample> examples) {
        this.name = Objects.requireNonNull(name, "name");
        this.classNames = List.copyOf(classNames);
        this.examples = List.copyOf(examples);
        if (this.classNames.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + name + "' needs at least one class");
        }
        if (this.classNames.stream().distinct().count() != this.classNames.size()) {
            throw new IllegalArgumentException("dataset '" + name + "': class names are not distinct: "
                    + this.classNames);
        }
        for (int i = 0; i < this.examples.size(); i++) {
            int label = this.examples.get(i).label();
            if (label >= this.classNames.size()) {
                throw new IllegalArgumentException("dataset '" + name + "': label " + label + " of example " + i
                        + " is outside [0, " + this.classNames.size() + ")");
            }
        }
    }

    /** Where the data came from, e.g. a file name or {@code fine-foods/train}. */
    public String name() {
        return name;
    }

    /** Number of examples. */
    public int size() {
        return examples.size();
    }

    /** The example at {@code index}. */
    public TextExample example(int index) {
        return examples.get(index);
    }

    /** All examples, unmodifiable. */
    public List<TextExample> examples() {
        return examples;
    }

    /** Class names in label order, unmodifiable. */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** The name of class {@code label}. */
    public String className(int label) {
        return classNames.get(label);
    }

    /** Whether the examples are text pairs (true if any example has a second text). */
    public boolean hasTextPairs() {
        return examples.stream().anyMatch(TextExample::hasPair);
    }

    /** The label of every example, in order. */
    public int[] labels() {
        return examples.stream().mapToInt(TextExample::label).toArray();
    }

    /** Number of examples of each class, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (TextExample e : examples) {
            counts[e.label()]++;
        }
        return counts;
    }

    @Override
    public String toString() {
        return "TextDataset[" + name + ", " + examples.size() + " examples, classes " + classNames + "]";
    }
}
