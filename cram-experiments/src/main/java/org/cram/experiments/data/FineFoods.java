package org.cram.experiments.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Amazon fine-food reviews sample {@code small_fine_foods} from R's {@code modeldata} package (MIT licence), as
 * shipped in Debian's {@code r-cran-modeldata} (1.1.0-1): 4,000 training and 1,000 test reviews, each with a
 * product id, the review text and a score, a factor with levels {@code great} (about 65%) and {@code other}.
 *
 * <p>{@code scripts/fetch-fine-foods.sh [DIR]} downloads and unpacks the package (no R, no installation) into
 * {@link #defaultDir()} or {@code DIR}. The package keeps its datasets in the lazy-load database
 * {@code DIR/}{@value #DATA_SUBDIR}{@code /Rdata.rdx} and {@code .rdb}, where {@code small_fine_foods} appears as the
 * two data frames {@value #TRAIN_VARIABLE} and {@value #TEST_VARIABLE}, read with {@link RLazyLoadDatabase}.
 *
 * <p>Each review becomes a single-text {@link TextExample} (text = the {@code review} column, label = the
 * {@code score} level); class names are the factor's levels in R's order, {@code [great, other]}.
 */
public final class FineFoods {
    /** The Debian package holding the data. */
    public static final String DEBIAN_PACKAGE = "r-cran-modeldata";
    /** Where the package keeps the lazy-load database, relative to the extraction directory. */
    public static final String DATA_SUBDIR = "usr/lib/R/site-library/modeldata/data";
    /** The script that downloads and extracts the package. */
    public static final String FETCH_SCRIPT = "scripts/fetch-fine-foods.sh";
    /** R variable of the training data frame. */
    public static final String TRAIN_VARIABLE = "training_data";
    /** R variable of the test data frame. */
    public static final String TEST_VARIABLE = "testing_data";
    /** Column holding the review text. */
    public static final String TEXT_COLUMN = "review";
    /** Factor column holding the label. */
    public static final String LABEL_COLUMN = "score";

    /** The two splits. */
    public enum Split {
        /** The 4,000 training reviews. */
        TRAIN(TRAIN_VARIABLE, "fine-foods/train"),
        /** The 1,000 test reviews. */
        TEST(TEST_VARIABLE, "fine-foods/test");

        private final String variable;
        private final String datasetName;

        Split(String variable, String datasetName) {
            this.variable = variable;
            this.datasetName = datasetName;
        }

        /** The R variable holding this split's data frame. */
        public String variable() {
            return variable;
        }

        /** Dataset name, e.g. {@code fine-foods/train}. */
        public String datasetName() {
            return datasetName;
        }
    }

    /** Both splits, sharing one label mapping. */
    public record Splits(TextDataset train, TextDataset test) {
    }

    private FineFoods() {
    }

    /**
     * Where {@value #FETCH_SCRIPT} puts the data by default:
     * {@code ${XDG_CACHE_HOME:-$HOME/.cache}/cram/r-cran-modeldata}. Like the script, this reads the environment
     * variables ({@code HOME} before the JVM's {@code user.home}, which comes from the password database), so both
     * agree when {@code HOME} is overridden.
     */
    public static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getenv("HOME");
        Path cache = xdg != null && !xdg.isEmpty() ? Path.of(xdg)
                : Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), ".cache");
        return cache.resolve("cram").resolve(DEBIAN_PACKAGE);
    }

    /** Both splits from {@link #defaultDir()}. */
    public static Splits load() {
        return load(defaultDir());
    }

    /**
     * Both splits from a directory into which {@value #FETCH_SCRIPT} extracted the package.
     *
     * @throws DataFileException if the data is missing (the message says to run the fetch script) or malformed,
     *         or the two splits' score levels differ
     */
    public static Splits load(Path dir) {
        RLazyLoadDatabase db = open(dir);
        TextDataset train = split(db, Split.TRAIN);
        TextDataset test = split(db, Split.TEST);
        if (!train.classNames().equals(test.classNames())) {
            throw new DataFileException(db.dataFile(), "score levels differ between " + TRAIN_VARIABLE + " "
                    + train.classNames() + " and " + TEST_VARIABLE + " " + test.classNames());
        }
        return new Splits(train, test);
    }

    /** One split from a directory into which {@value #FETCH_SCRIPT} extracted the package. */
    public static TextDataset load(Path dir, Split split) {
        return split(open(dir), split);
    }

    private static RLazyLoadDatabase open(Path dir) {
        Path rdx = dir.resolve(DATA_SUBDIR).resolve("Rdata.rdx");
        if (!Files.isRegularFile(rdx)) {
            throw new DataFileException(rdx, "fine-food reviews not found. " + fetchHint(dir));
        }
        return RLazyLoadDatabase.open(rdx);
    }

    private static TextDataset split(RLazyLoadDatabase db, Split split) {
        RDataFrame frame = RDataFrame.of(db.dataFile(), split.variable(), db.read(split.variable()));
        List<String> reviews = frame.strings(TEXT_COLUMN);
        RDataFrame.Factor score = frame.factor(LABEL_COLUMN);
        int[] codes = score.codes();
        List<TextExample> examples = new ArrayList<>(frame.rowCount());
        for (int r = 0; r < frame.rowCount(); r++) {
            if (reviews.get(r) == null || codes[r] < 0) {
                throw new DataFileException(db.dataFile(), split.variable() + " row " + (r + 1) + ": missing "
                        + (reviews.get(r) == null ? TEXT_COLUMN : LABEL_COLUMN) + " (NA)");
            }
            examples.add(TextExample.of(reviews.get(r), codes[r]));
        }
        return new TextDataset(split.datasetName(), score.levels(), examples);
    }

    /** How to get the data into {@code dir}. */
    public static String fetchHint(Path dir) {
        boolean isDefault = dir.toAbsolutePath().normalize().equals(defaultDir().toAbsolutePath().normalize());
        return "Run " + FETCH_SCRIPT + (isDefault ? "" : " " + dir) + " (it downloads Debian's " + DEBIAN_PACKAGE
                + " with apt-get download and unpacks it with dpkg-deb -x into " + dir + ").";
    }
}
