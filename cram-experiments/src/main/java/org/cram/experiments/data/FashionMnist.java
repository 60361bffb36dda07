package org.cram.experiments.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the Fashion-MNIST dataset (Xiao et al., 2017: 60,000 training and 10,000 test grayscale 28x28 images of 10
 * clothing classes) from its four IDX files.
 *
 * <p>The files are expected in {@link #DEFAULT_DIR}, where the Debian/Ubuntu package {@code dataset-fashion-mnist}
 * installs them; another directory can be configured with the config key {@value #DATA_DIR_KEY}. Gzipped
 * ({@code *.gz}) and uncompressed copies are both accepted.
 *
 * <p>Pixels are scaled to {@code [0, 1]} and then standardized with the training-set statistics {@link #MEAN} and
 * {@link #STD} (see {@link #normalize(int)}). The result is a 1-channel {@link InMemoryImageDataset} named
 * {@code fashion-mnist/train} or {@code fashion-mnist/test}.
 */
public final class FashionMnist {
    /** Where {@code sudo apt-get install dataset-fashion-mnist} puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** Config key naming a directory that holds the four Fashion-MNIST files. */
    public static final String DATA_DIR_KEY = "data.dir";

    /**
     * Mean of the training pixels after scaling to {@code [0, 1]}. This and {@link #STD} are the single source of
     * the normalization constants (the commonly used values, computed over all 60,000 training images).
     */
    public static final float MEAN = 0.2860f;
    /** Standard deviation of the training pixels after scaling to {@code [0, 1]}; see {@link #MEAN}. */
    public static final float STD = 0.3530f;

    public static final int NUM_CLASSES = 10;
    public static final int ROWS = 28;
    public static final int COLS = 28;
    /** Class names, indexed by label. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Pixel value to normalized feature; one table so every load uses exactly {@link #normalize(int)}. */
    private static final float[] NORMALIZED = new float[256];

    static {
        for (int p = 0; p < 256; p++) {
            NORMALIZED[p] = (p / 255f - MEAN) / STD;
        }
    }

    /** The two splits and their file-name prefixes. */
    public enum Split {
        TRAIN("train", "train"),
        TEST("t10k", "test");

        private final String filePrefix;
        private final String label;

        Split(String filePrefix, String label) {
            this.filePrefix = filePrefix;
            this.label = label;
        }

        /** Images file name, e.g. {@code train-images-idx3-ubyte.gz}. */
        public String imagesFile() {
            return filePrefix + "-images-idx3-ubyte.gz";
        }

        /** Labels file name, e.g. {@code train-labels-idx1-ubyte.gz}. */
        public String labelsFile() {
            return filePrefix + "-labels-idx1-ubyte.gz";
        }

        /** Dataset name, e.g. {@code fashion-mnist/train}. */
        public String datasetName() {
            return "fashion-mnist/" + label;
        }
    }

    private FashionMnist() {
    }

    /** Loads a split from {@link #DEFAULT_DIR}. */
    public static InMemoryImageDataset load(Split split) {
        return load(DEFAULT_DIR, split);
    }

    /**
     * Loads a split from {@code dir}.
     *
     * @throws DataFileException if the directory or a file is missing (the message says how to install the data),
     *         a file is malformed, images and labels disagree in count, images are not 28x28, or a label is outside
     *         {@code [0, 10)}
     */
    public static InMemoryImageDataset load(Path dir, Split split) {
        if (!Files.isDirectory(dir)) {
            throw new DataFileException(dir, "Fashion-MNIST directory not found. " + installHint());
        }
        Path imagesFile = locate(dir, split.imagesFile());
        Path labelsFile = locate(dir, split.labelsFile());
        IdxImages images = IdxReader.readImages(imagesFile);
        int[] labels = IdxReader.readLabels(labelsFile);

        if (images.count() != labels.length) {
            throw new DataFileException(dir, "images and labels disagree: " + imagesFile.getFileName() + " has "
                    + images.count() + " images but " + labelsFile.getFileName() + " has " + labels.length + " labels");
        }
        if (images.rows() != ROWS || images.cols() != COLS) {
            throw new DataFileException(imagesFile, "expected " + ROWS + "x" + COLS + " Fashion-MNIST images, found "
                    + images.rows() + "x" + images.cols());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= NUM_CLASSES) {
                throw new DataFileException(labelsFile, "label " + labels[i] + " of example " + i
                        + " is outside [0, " + NUM_CLASSES + ")");
            }
        }

        float[] features = new float[images.count() * images.pixelsPerImage()];
        for (int i = 0; i < features.length; i++) {
            features[i] = NORMALIZED[images.pixel(i)];
        }
        return InMemoryImageDataset.owning(split.datasetName(), features, labels, NUM_CLASSES, 1, ROWS, COLS);
    }

    /** Normalized feature value of a raw pixel in {@code [0, 255]}: {@code (pixel / 255 - MEAN) / STD}. */
    public static float normalize(int pixel) {
        if (pixel < 0 || pixel > 255) {
            throw new IllegalArgumentException("pixel value " + pixel + " is outside [0, 255]");
        }
        return NORMALIZED[pixel];
    }

    /** How to get the data: the install command and the config key for another directory. */
    public static String installHint() {
        return "Install Fashion-MNIST with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu; it installs "
                + "into " + DEFAULT_DIR + "), or set the config key `" + DATA_DIR_KEY + "` to a directory containing "
                + Split.TRAIN.imagesFile() + ", " + Split.TRAIN.labelsFile() + ", " + Split.TEST.imagesFile() + " and "
                + Split.TEST.labelsFile() + " (gzipped or not).";
    }

    /** The gzipped file, or else its uncompressed twin (IdxReader detects compression itself). */
    private static Path locate(Path dir, String gzName) {
        Path gz = dir.resolve(gzName);
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(gzName.substring(0, gzName.length() - ".gz".length()));
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new DataFileException(gz, "Fashion-MNIST file not found (nor its uncompressed form " + plain.getFileName()
                + "). " + installHint());
    }
}
