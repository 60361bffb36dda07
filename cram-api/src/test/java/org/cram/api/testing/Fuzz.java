package org.cram.api.testing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * Runs a reader on thousands of {@linkplain ByteMutator mutated} copies of valid inputs and checks the oracle of a
 * hostile-input reader: every case ends either in a result or in one of the reader's own documented exception
 * types whose message names the input, within bounded time and bounded heap allocation. Anything else (an
 * {@link OutOfMemoryError}, {@link NegativeArraySizeException}, {@link ArrayIndexOutOfBoundsException},
 * {@link NullPointerException}, a slow case, a huge allocation) fails the test with the case number, the seed and
 * the edits that made the input, so it can be replayed.
 *
 * <pre>{@code
 * Fuzz.Report r = Fuzz.reader("IDX images").seed(1).cases(3000).inputs(valid)
 *         .rejectsWith(DataFileException.class).messageNames("fuzz.idx").run(bytes -> read(bytes));
 * }</pre>
 */
public final class Fuzz {
    /** The reader under test, applied to one input. */
    @FunctionalInterface
    public interface Target {
        /** Reads the input; returns the result (ignored) or throws. */
        Object read(byte[] input) throws Exception;
    }

    /** What a run did: the number of cases, how many were read validly and how many rejected, and the time taken. */
    public record Report(String reader, int cases, int valid, int rejected, long millis) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "FUZZ %-24s %5d cases: %5d valid, %5d rejected, %6d ms",
                    reader, cases, valid, rejected, millis);
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final String reader;
    private long seed = 1;
    private int cases = 1000;
    private List<byte[]> inputs = List.of();
    private List<String> dictionary = List.of();
    private final List<Class<? extends Throwable>> allowed = new ArrayList<>();
    private String mustName;
    private long maxAllocatedBytes = 128L << 20;
    private long maxMillisPerCase = 3_000;

    private Fuzz(String reader) {
        this.reader = reader;
    }

    /** Starts a fuzz run of the named reader (the name appears in the report and in failures). */
    public static Fuzz reader(String name) {
        return new Fuzz(name);
    }

    /** The seed of the mutator (fixed, so runs are reproducible). */
    public Fuzz seed(long value) {
        this.seed = value;
        return this;
    }

    /** How many mutated inputs to try. */
    public Fuzz cases(int count) {
        this.cases = count;
        return this;
    }

    /** The valid inputs that are mutated (each must read without error; this is checked first). */
    public Fuzz inputs(List<byte[]> valid) {
        this.inputs = List.copyOf(valid);
        return this;
    }

    /** Format tokens for the mutator to insert. */
    public Fuzz dictionary(List<String> tokens) {
        this.dictionary = List.copyOf(tokens);
        return this;
    }

    /** The reader's documented exception types; a rejection must be an instance of one of them. */
    @SafeVarargs
    public final Fuzz rejectsWith(Class<? extends Throwable>... types) {
        allowed.addAll(List.of(types));
        return this;
    }

    /** Text every rejection's message must contain (e.g. the file name). */
    public Fuzz messageNames(String text) {
        this.mustName = text;
        return this;
    }

    /** Most bytes of heap one case may allocate (default 128 MiB). */
    public Fuzz maxAllocatedBytes(long bytes) {
        this.maxAllocatedBytes = bytes;
        return this;
    }

    /** Longest one case may take (default 3 s). */
    public Fuzz maxMillisPerCase(long millis) {
        this.maxMillisPerCase = millis;
        return this;
    }

    /**
     * Checks that every valid input reads, then runs the mutated cases.
     *
     * @throws AssertionFailedError for the first case that breaks the oracle
     */
    public Report run(Target target) {
        if (inputs.isEmpty() || allowed.isEmpty()) {
            throw new IllegalStateException("give the valid inputs and the reader's exception types first");
        }
        for (int i = 0; i < inputs.size(); i++) {
            try {
                target.read(inputs.get(i));
            } catch (Exception e) {
                throw new AssertionFailedError(reader + ": valid input " + i + " does not read: " + e, e);
            }
        }
        ByteMutator mutator = new ByteMutator(seed, dictionary);
        int valid = 0;
        int rejected = 0;
        long start = System.nanoTime();
        for (int c = 0; c < cases; c++) {
            byte[] input = mutator.mutate(inputs.get(mutator.nextInt(inputs.size())));
            String which = reader + " case " + c + " (seed " + seed + ", " + input.length + " bytes: "
                    + mutator.lastMutation() + ")";
            long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            Throwable thrown = null;
            try {
                target.read(input);
            } catch (Throwable t) {
                thrown = t;
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
            if (thrown == null) {
                valid++;
            } else if (isAllowed(thrown)) {
                rejected++;
                String message = thrown.getMessage();
                if (message == null || message.isBlank() || (mustName != null && !message.contains(mustName))) {
                    throw new AssertionFailedError(which + ": rejected with a message that does not name '"
                            + mustName + "': " + thrown, thrown);
                }
            } else {
                throw new AssertionFailedError(which + ": unexpected " + thrown, thrown);
            }
            if (millis > maxMillisPerCase) {
                throw new AssertionFailedError(which + ": took " + millis + " ms, more than " + maxMillisPerCase);
            }
            if (allocated > maxAllocatedBytes) {
                throw new AssertionFailedError(which + ": allocated " + allocated + " bytes, more than "
                        + maxAllocatedBytes + (thrown == null ? "" : " before failing with " + thrown));
            }
        }
        Report report = new Report(reader, cases, valid, rejected, (System.nanoTime() - start) / 1_000_000);
        System.out.println(report);
        return report;
    }

    private boolean isAllowed(Throwable t) {
        for (Class<? extends Throwable> type : allowed) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
