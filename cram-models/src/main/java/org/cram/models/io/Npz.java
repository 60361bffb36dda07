package org.cram.models.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.cram.api.param.ParameterSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NumPy {@code .npz} archives of named tensors: a zip of {@code <name>.npy} entries (stored, as
 * {@code numpy.savez}), readable with {@code numpy.load(path)} and comparable tensor by tensor with a PyTorch
 * {@code state_dict} ({@code {k: v.numpy() for k, v in model.state_dict().items()}}).
 */
public final class Npz {
    /** The most bytes one array may declare when reading (checked before allocating). */
    public static final long DEFAULT_MAX_ARRAY_BYTES = 1L << 31;

    private Npz() {
    }

    /** Writes a model's parameters, keyed by parameter name. */
    public static void write(Path file, ParameterSet parameters) throws IOException {
        write(file, StateDict.of(parameters));
    }

    /**
     * Writes named arrays (atomically: a temporary file renamed into place).
     *
     * @throws IllegalArgumentException for a name that is not a safe relative entry name (see {@link #keyProblem})
     */
    public static void write(Path file, Map<String, INDArray> tensors) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                 ZipOutputStream zip = new ZipOutputStream(raw)) {
                for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
                    String name = e.getKey();
                    String problem = keyProblem(name);
                    if (problem != null) {
                        throw new IllegalArgumentException("tensor name '" + name + "' cannot be an .npz key: "
                                + problem);
                    }
                    byte[] bytes = npyBytes(e.getValue(), name);
                    ZipEntry entry = new ZipEntry(name + ".npy");
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(bytes.length);
                    entry.setCompressedSize(bytes.length);
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    entry.setCrc(crc.getValue());
                    zip.putNextEntry(entry);
                    zip.write(bytes);
                    zip.closeEntry();
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] npyBytes(INDArray array, String name) throws IOException {
        long size = Npy.size(array);
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("tensor '" + name + "' (" + size + " bytes) is too large for one entry");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
        Npy.write(out, array);
        return out.toByteArray();
    }

    /** Reads every array of an archive, keyed by entry name without {@code .npy}, in archive order. */
    public static Map<String, INDArray> read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_ARRAY_BYTES);
    }

    /** As {@link #read(Path)} with a bound on each array's declared size. */
    public static Map<String, INDArray> read(Path file, long maxArrayBytes) throws IOException {
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String entryName = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (!entryName.endsWith(".npy")) {
                    throw new IOException(file + ": entry '" + entryName + "' is not a .npy array");
                }
                String key = entryName.substring(0, entryName.length() - 4);
                String problem = keyProblem(key);
                if (problem != null) {
                    throw new IOException(file + ": entry '" + entryName + "' is not a safe array name: " + problem);
                }
                if (out.containsKey(key)) {
                    throw new IOException(file + ": entry '" + entryName + "' occurs twice");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    out.put(key, Npy.read(in, file + "[" + key + "]", maxArrayBytes));
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a readable .npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            if (message.startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + ": cannot read .npz archive: " + e, e);
        }
        return out;
    }

    /**
     * Why a name cannot be an array key, or null if it can: keys become zip entry names that tools extract to
     * files, so they must be relative paths that stay inside the folder (no {@code ..}, {@code .} or empty segment,
     * no leading {@code /}, no backslash, drive letter or NUL).
     */
    static String keyProblem(String key) {
        if (key.isEmpty()) {
            return "empty";
        }
        if (key.indexOf('\0') >= 0 || key.indexOf('\\') >= 0 || key.indexOf(':') >= 0) {
            return "contains NUL, a backslash or a colon";
        }
        if (key.startsWith("/")) {
            return "an absolute path";
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "a path with an empty, '.' or '..' segment";
            }
        }
        return null;
    }

    /**
     * Loads an archive into a model's parameters: the names must be exactly the parameters' names, and every shape
     * and data type must match; errors name the tensor and the file. Nothing is written unless all checks pass.
     */
    public static StateDict.Report load(Path file, ParameterSet parameters) throws IOException {
        return StateDict.assign(parameters, read(file), file.toString(), true, false, true);
    }
}
