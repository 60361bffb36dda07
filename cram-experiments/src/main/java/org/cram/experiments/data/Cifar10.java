package org.cram.experiments.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads CIFAR-10 (Krizhevsky, 2009: 50,000 training and 10,000 test 32x32 RGB images of 10 classes) from its binary
 * version ({@code cifar-10-batches-bin}): {@code data_batch_1.bin .. data_batch_5.bin} and {@code test_batch.bin}.
 *
 * <p>Each record is 1 label byte followed by 3072 pixel bytes: the 1024 red values of the 32x32 image (row-major),
 * then the 1024 green, then the 1024 blue. That is exactly the {@code [3, 32, 32]} channel-major layout of
 * {@link InMemoryImageDataset}, so a record maps to an example without reordering. Pixels are scaled to
 * {@code [0, 1]} and standardized with {@link ChannelNormalization#CIFAR10}.
 *
 * <p>Every file is checked before anything is allocated: it must exist and its length must be a non-zero multiple
 * of {@value #RECORD_BYTES}; every label must be below 10. Problems raise {@link DataFileException} naming the file.
 */
public final class Cifar10 {
    /** Number of classes. */
    public static final int NUM_CLASSES = 10;
    /** Colour channels per image (R, G, B). */
    public static final int CHANNELS = 3;
    /** Image height in pixels. */
    public static final int HEIGHT = 32;
    /** Image width in pixels. */
    public static final int WIDTH = 32;
    /** Pixel bytes per image: 3 x 32 x 32. */
    public static final int IMAGE_BYTES = CHANNELS * HEIGHT * WIDTH;
    /** Bytes per record: the label byte then the image. */
    public static final int RECORD_BYTES = 1 + IMAGE_BYTES;
    /** The normalization of the reference training script. */
    public static final ChannelNormalization NORMALIZATION = ChannelNormalization.CIFAR10;
    /** Class names, indexed by label (as in {@code batches.meta.txt}). */
    public static final List<String> CLASS_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    /** The two splits and their files. */
    public enum Split {
        /** The 50,000 training images in five files. */
        TRAIN("train", List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin")),
        /** The 10,000 test images. */
        TEST("test", List.of("test_batch.bin"));

        private final String label;
        private final List<String> files;

        Split(String label, List<String> files) {
            this.label = label;
            this.files = files;
        }

        /** The batch file names of this split, in load order. */
        public List<String> files() {
            return files;
        }

        /** Dataset name, e.g. {@code cifar10/train}. */
        public String datasetName() {
            return "cifar10/" + label;
        }
    }

    private Cifar10() {
    }

    /** Loads a split from {@code dir}, which holds the batch files (e.g. an extracted {@code cifar-10-batches-bin}). */
    public static InMemoryImageDataset load(Path dir, Split split) {
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(dir, "CIFAR-10 directory not found; expected a directory holding the binary "
                    + "batches " + Split.TRAIN.files() + " and " + Split.TEST.files());
        }
        List<Path> files = new ArrayList<>();
        for (String name : split.files()) {
            files.add(dir.resolve(name));
        }
        return load(split.datasetName(), files);
    }

    /**
     * Loads and concatenates the given binary batch files, in order, into one dataset named {@code name}.
     *
     * @throws DataFileException if a file is missing or unreadable, its length is not a multiple of
     *         {@value #RECORD_BYTES}, or a label is 10 or more
     */
    public static InMemoryImageDataset load(String name, List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no CIFAR-10 batch files given");
        }
        long[] counts = new long[files.size()];
        long total = 0;
        for (int f = 0; f < files.size(); f++) {
            counts[f] = recordCount(files.get(f));
            total += counts[f];
        }
        if (total * IMAGE_BYTES > MAX_ARRAY_LENGTH) {
            throw new DataFileException(files.get(0), "the " + files.size() + " files hold " + total
                    + " images, too many to fit in one array");
        }
        float[] table = NORMALIZATION.pixelTable();
        float[] features = new float[(int) (total * IMAGE_BYTES)];
        int[] labels = new int[(int) total];
        int example = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            byte[] bytes = readExactly(file, counts[f] * RECORD_BYTES);
            for (int r = 0; r < counts[f]; r++, example++) {
                int base = r * RECORD_BYTES;
                int label = bytes[base] & 0xFF;
                if (label >= NUM_CLASSES) {
                    throw new DataFileException(file, "label " + label + " of record " + r + " (byte offset " + base
                            + ") is outside [0, " + NUM_CLASSES + ")");
                }
                labels[example] = label;
                int out = example * IMAGE_BYTES;
                for (int p = 0; p < IMAGE_BYTES; p++) {
                    int channel = p / (HEIGHT * WIDTH);
                    features[out + p] = table[channel * 256 + (bytes[base + 1 + p] & 0xFF)];
                }
            }
        }
        return InMemoryImageDataset.owning(name, features, labels, NUM_CLASSES, CHANNELS, HEIGHT, WIDTH);
    }

    /** Number of records in a batch file, from its length alone. */
    static long recordCount(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "CIFAR-10 batch file not found", e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read file: " + e, e);
        }
        if (size == 0 || size % RECORD_BYTES != 0) {
            throw new DataFileException(file, "length " + size + " bytes is not a positive multiple of the "
                    + RECORD_BYTES + "-byte CIFAR-10 record (1 label byte + " + IMAGE_BYTES + " pixel bytes)"
                    + (size > 0 ? "; " + size % RECORD_BYTES + " byte(s) left over after " + size / RECORD_BYTES
                            + " records" : ""));
        }
        return size / RECORD_BYTES;
    }

    private static byte[] readExactly(Path file, long expected) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read file: " + e, e);
        }
        if (bytes.length != expected) {
            throw new DataFileException(file, "file changed while reading: expected " + expected + " bytes, read "
                    + bytes.length);
        }
        return bytes;
    }
}
