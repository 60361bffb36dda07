package org.cram.experiments.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The file list of an ImageNet-style class-folder tree, {@code root/<class>/.../<image>}, indexed as torchvision's
 * {@code ImageFolder} does: classes are the sub-directories of {@code root} sorted by name (label = position),
 * and each class contributes the image files anywhere below its directory, in sorted path order. Only files whose
 * extension is one of {@link #EXTENSIONS} (case-insensitive) count; other files are ignored. Nothing is decoded
 * here. Immutable.
 */
public final class ImageFolder {
    /** Extensions of the image files picked up: the formats of torchvision's list that javax.imageio decodes. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "tif", "tiff");

    private final Path root;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;

    /** One image and its class. */
    public record Sample(Path file, int label) {
    }

    private ImageFolder(Path root, List<String> classNames, List<Path> files, int[] labels) {
        this.root = root;
        this.classNames = List.copyOf(classNames);
        this.files = List.copyOf(files);
        this.labels = labels;
    }

    /**
     * Lists the classes and images below {@code root}.
     *
     * @throws DataFileException if {@code root} is not a directory, has no class sub-directory, or a class
     *         directory holds no image file
     */
    public static ImageFolder scan(Path root) {
        Objects.requireNonNull(root, "root");
        if (!Files.isDirectory(root)) {
            throw new DataFileException(root, "image folder not found; expected a directory with one sub-directory "
                    + "of images per class (root/<class>/<image>.jpg)");
        }
        List<String> classes = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).forEach(classes::add);
        } catch (IOException | UncheckedIOException e) {
            throw new DataFileException(root, "cannot list directory: " + e, e);
        }
        if (classes.isEmpty()) {
            throw new DataFileException(root, "no class sub-directories found; expected root/<class>/<image>.jpg");
        }
        Collections.sort(classes);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path classDir = root.resolve(classes.get(label));
            List<Path> images = imagesBelow(classDir);
            if (images.isEmpty()) {
                throw new DataFileException(classDir, "class directory '" + classes.get(label) + "' holds no image "
                        + "file (extensions " + new java.util.TreeSet<>(EXTENSIONS) + ")");
            }
            for (Path image : images) {
                files.add(image);
                labels.add(label);
            }
        }
        return new ImageFolder(root, classes, files, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<Path> imagesBelow(Path classDir) {
        try (Stream<Path> walk = Files.walk(classDir, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(Files::isRegularFile).filter(ImageFolder::hasImageExtension).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DataFileException(classDir, "cannot list directory: " + e, e);
        }
    }

    static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The scanned root directory. */
    public Path root() {
        return root;
    }

    /** Class names in label order (sorted). */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of classes (class directories). */
    public int numClasses() {
        return classNames.size();
    }

    /** Number of images. */
    public int size() {
        return files.size();
    }

    /** The image at {@code index} and its label. */
    public Sample sample(int index) {
        return new Sample(files.get(index), labels[index]);
    }

    /** The image file at {@code index}. */
    public Path file(int index) {
        return files.get(index);
    }

    /** The label of the image at {@code index}. */
    public int label(int index) {
        Objects.checkIndex(index, labels.length);
        return labels[index];
    }

    /** Number of images of each class, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
