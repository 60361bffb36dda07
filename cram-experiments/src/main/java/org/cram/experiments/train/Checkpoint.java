package org.cram.experiments.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.cram.api.model.Model;
import org.cram.api.optim.Optimizer;
import org.cram.api.optim.OptimizerState;
import org.cram.api.param.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training checkpoint at an epoch boundary: parameters, batch-norm running statistics, optimizer state and
 * progress (epochs done, global step). Data order and schedules derive from (seed, epoch, step), so these restore a
 * run exactly. A checkpoint is a folder written under a temporary name and renamed into place, so a crash never
 * leaves a half-written one.
 */
public final class Checkpoint {
    private static final String PREFIX = "epoch-";
    private static final int MAGIC = 0x4352_434B; // "CRCK"

    private Checkpoint() {
    }

    /** Where a run stands when its checkpoint was taken. */
    public record Progress(int epochsDone, long globalStep) {
    }

    /** Saves into {@code dir/epoch-NNNN}; returns that folder. */
    public static Path save(Path dir, Model model, Optimizer optimizer, Progress progress) {
        Path target = dir.resolve(String.format(java.util.Locale.ROOT, "%s%04d", PREFIX, progress.epochsDone()));
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempDirectory(dir, ".tmp-checkpoint-");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve("model.bin")))) {
                writeModel(model, out);
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve("optimizer.bin")))) {
                optimizer.saveState().write(out);
            }
            Properties p = new Properties();
            p.setProperty("epochs_done", String.valueOf(progress.epochsDone()));
            p.setProperty("global_step", String.valueOf(progress.globalStep()));
            try (OutputStream out = Files.newOutputStream(tmp.resolve("progress.properties"))) {
                p.store(out, "CrAM training checkpoint");
            }
            deleteRecursively(target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /** The newest complete checkpoint folder under {@code dir}, if any. */
    public static Optional<Path> latest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                    .filter(p -> Files.exists(p.resolve("progress.properties")))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    /** Restores model and optimizer from a checkpoint folder and returns its progress. */
    public static Progress restore(Path checkpoint, Model model, Optimizer optimizer) {
        try {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(checkpoint.resolve("model.bin")))) {
                readModel(model, in, checkpoint);
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(checkpoint.resolve("optimizer.bin")))) {
                optimizer.loadState(OptimizerState.read(in));
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(checkpoint.resolve("progress.properties"))) {
                p.load(in);
            }
            return new Progress(Integer.parseInt(p.getProperty("epochs_done")),
                    Long.parseLong(p.getProperty("global_step")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot restore checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
    }

    /** Restores only the model (parameters and batch-norm statistics) from a checkpoint folder. */
    public static Progress restoreModel(Path checkpoint, Model model) {
        try {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(checkpoint.resolve("model.bin")))) {
                readModel(model, in, checkpoint);
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(checkpoint.resolve("progress.properties"))) {
                p.load(in);
            }
            return new Progress(Integer.parseInt(p.getProperty("epochs_done")),
                    Long.parseLong(p.getProperty("global_step")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot restore checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
    }

    private static void writeModel(Model model, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeUTF(model.name());
        data.writeInt(model.parameters().size());
        for (Parameter p : model.parameters()) {
            data.writeUTF(p.name());
            Nd4j.write(p.value(), data);
        }
        List<INDArray> stats = model.batchNormStatistics();
        data.writeInt(stats.size());
        for (INDArray s : stats) {
            Nd4j.write(s, data);
        }
        data.flush();
    }

    private static void readModel(Model model, InputStream in, Path where) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException("not a model checkpoint");
        }
        String name = data.readUTF();
        if (!name.equals(model.name())) {
            throw new IOException("checkpoint holds model '" + name + "', not '" + model.name() + "'");
        }
        int n = data.readInt();
        if (n != model.parameters().size()) {
            throw new IOException("checkpoint has " + n + " parameters, the model " + model.parameters().size());
        }
        for (Parameter p : model.parameters()) {
            String saved = data.readUTF();
            assign(saved.equals(p.name()) ? p.value() : null, Nd4j.read(data), saved, p.name());
        }
        List<INDArray> stats = model.batchNormStatistics();
        int s = data.readInt();
        if (s != stats.size()) {
            throw new IOException("checkpoint has " + s + " batch-norm statistics, the model " + stats.size());
        }
        for (int i = 0; i < s; i++) {
            assign(stats.get(i), Nd4j.read(data), "statistic " + i, "statistic " + i);
        }
    }

    private static void assign(INDArray target, INDArray saved, String savedName, String expectedName)
            throws IOException {
        if (target == null) {
            throw new IOException("checkpoint tensor '" + savedName + "' where '" + expectedName + "' was expected");
        }
        if (!Arrays.equals(target.shape(), saved.shape())) {
            throw new IOException("checkpoint tensor '" + savedName + "' has shape " + Arrays.toString(saved.shape())
                    + ", the model " + Arrays.toString(target.shape()));
        }
        target.assign(saved);
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
