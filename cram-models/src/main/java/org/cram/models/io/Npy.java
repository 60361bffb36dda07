package org.cram.models.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NumPy's {@code .npy} format, version 1.0 written (byte for byte as {@code numpy.save}: magic {@code \x93NUMPY},
 * version {@code 1 0}, little-endian uint16 header length, an ASCII dict
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces and a final newline so the
 * data starts at a multiple of 64 bytes), C order, little-endian. Reading accepts versions 1.0 to 3.0,
 * {@code <f4 <f8 >f4 >f8 <i4 <i8}, either order, and checks the data length against the declared shape before
 * allocating.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** numpy leaves room for the first axis to grow to this many digits. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int MAX_HEADER = 1 << 20;
    /** The most dimensions an ND4J array has. */
    private static final int MAX_RANK = 32;

    private Npy() {
    }

    /** The full header (magic through newline) numpy writes for an array of this descr and shape. */
    public static byte[] header(String descr, long[] shape) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr)
                .append("', 'fortran_order': False, 'shape': ").append(shapeRepr(shape)).append(", }");
        if (shape.length > 0) {
            dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length()));
        }
        int hlen = dict.length() + 1;
        int pad = ALIGN - ((MAGIC.length + 2 + 2 + hlen) % ALIGN);
        dict.append(" ".repeat(pad)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return b.array();
    }

    private static String shapeRepr(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return s.append(')').toString();
    }

    /** NumPy's type string for an ND4J type ({@code <f4}, {@code <f8}, {@code <i4}, {@code <i8}). */
    public static String descr(DataType type) {
        return switch (type) {
            case FLOAT -> "<f4";
            case DOUBLE -> "<f8";
            case INT -> "<i4";
            case LONG -> "<i8";
            default -> throw new IllegalArgumentException("no .npy type for ND4J type " + type
                    + " (FLOAT, DOUBLE, INT, LONG are supported)");
        };
    }

    /** Number of bytes {@link #write} produces for this array. */
    public static long size(INDArray array) {
        return header(descr(array.dataType()), array.shape()).length
                + array.length() * array.dataType().width();
    }

    /** Writes one array as a complete {@code .npy} (C order, little-endian). */
    public static void write(OutputStream out, INDArray array) throws IOException {
        DataType type = array.dataType();
        out.write(header(descr(type), array.shape()));
        INDArray c = array.ordering() == 'c' && !array.isView() ? array : array.dup('c');
        long length = c.length();
        int chunk = 1 << 16;
        ByteBuffer buf = ByteBuffer.allocate(chunk * type.width()).order(ByteOrder.LITTLE_ENDIAN);
        INDArray flat = c.reshape('c', new long[] {length});
        for (long start = 0; start < length; start += chunk) {
            int count = (int) Math.min(chunk, length - start);
            buf.clear();
            INDArray part = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, start + count));
            switch (type) {
                case FLOAT -> {
                    for (float v : part.toFloatVector()) {
                        buf.putFloat(v);
                    }
                }
                case DOUBLE -> {
                    for (double v : part.toDoubleVector()) {
                        buf.putDouble(v);
                    }
                }
                case INT -> {
                    for (int v : part.toIntVector()) {
                        buf.putInt(v);
                    }
                }
                default -> {
                    for (long v : part.toLongVector()) {
                        buf.putLong(v);
                    }
                }
            }
            out.write(buf.array(), 0, buf.position());
        }
    }

    /**
     * Reads one {@code .npy} from the stream.
     *
     * @param name     what to call the array in errors (an archive entry or file name)
     * @param maxBytes the most data bytes accepted (checked before allocating)
     */
    public static INDArray read(InputStream in, String name, long maxBytes) throws IOException {
        try {
            return readChecked(new DataInputStream(in), name, maxBytes);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated .npy (ends inside the header)", e);
        }
    }

    private static INDArray readChecked(DataInputStream data, String name, long maxBytes) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        readFully(data, magic, name, "magic");
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException(name + ": not a .npy array (bad magic string)");
        }
        int major = data.readUnsignedByte();
        int minor = data.readUnsignedByte();
        long headerLength;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(Short.reverseBytes(data.readShort()));
        } else if (major == 2 || major == 3) {
            headerLength = Integer.toUnsignedLong(Integer.reverseBytes(data.readInt()));
        } else {
            throw new IOException(name + ": unsupported .npy version " + major + "." + minor);
        }
        if (headerLength > MAX_HEADER) {
            throw new IOException(name + ": .npy header of " + headerLength + " bytes is implausibly long");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        readFully(data, headerBytes, name, "header");
        Header h = parseHeader(new String(headerBytes, major == 3 ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1), name);
        if (h.shape.length > MAX_RANK) {
            throw new IOException(name + ": declared shape has " + h.shape.length + " dimensions, more than the "
                    + MAX_RANK + " supported");
        }
        long count = 1;
        long bytes;
        try {
            for (long d : h.shape) {
                count = Math.multiplyExact(count, d);
            }
            bytes = Math.multiplyExact(count, (long) h.width);
        } catch (ArithmeticException e) {
            throw new IOException(name + ": declared shape " + java.util.Arrays.toString(h.shape)
                    + " overflows a 64-bit byte count");
        }
        if (bytes > maxBytes || bytes > Integer.MAX_VALUE - 8) {
            throw new IOException(name + ": declared shape " + java.util.Arrays.toString(h.shape) + " needs " + bytes
                    + " bytes, more than the " + Math.min(maxBytes, Integer.MAX_VALUE - 8) + " allowed");
        }
        // readNBytes grows its buffer as data arrives, so a short input claiming a huge shape allocates little
        byte[] raw = data.readNBytes((int) bytes);
        if (raw.length < bytes) {
            throw new IOException(name + ": truncated .npy: declared shape " + java.util.Arrays.toString(h.shape)
                    + " needs " + bytes + " data bytes, only " + raw.length + " present");
        }
        if (count == 0) {
            return Nd4j.create(h.type, h.shape, 'c');
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(h.order);
        INDArray out;
        int n = (int) count;
        switch (h.type) {
            case FLOAT -> {
                float[] v = new float[n];
                b.asFloatBuffer().get(v);
                out = Nd4j.create(v, h.shape, h.fortran ? 'f' : 'c');
            }
            case DOUBLE -> {
                double[] v = new double[n];
                b.asDoubleBuffer().get(v);
                out = Nd4j.create(v, h.shape, h.fortran ? 'f' : 'c');
            }
            case INT -> {
                int[] v = new int[n];
                b.asIntBuffer().get(v);
                out = Nd4j.createFromArray(v).reshape(h.fortran ? 'f' : 'c', h.shape);
            }
            default -> {
                long[] v = new long[n];
                b.asLongBuffer().get(v);
                out = Nd4j.createFromArray(v).reshape(h.fortran ? 'f' : 'c', h.shape);
            }
        }
        return out.ordering() == 'c' ? out : out.dup('c');
    }

    private static void readFully(DataInputStream in, byte[] into, String name, String what) throws IOException {
        try {
            in.readFully(into);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated .npy (ends inside the " + what + ")", e);
        }
    }

    private record Header(DataType type, int width, ByteOrder order, boolean fortran, long[] shape) {
    }

    /** Parses numpy's header dict, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}. */
    static Header parseHeader(String text, String name) throws IOException {
        String t = text.strip();
        String descr = field(t, "descr", name);
        String fortran = field(t, "fortran_order", name);
        String shapeText = field(t, "shape", name);
        if (descr.length() < 3 || descr.charAt(0) != '\'' || descr.charAt(descr.length() - 1) != '\'') {
            throw new IOException(name + ": bad .npy descr " + descr);
        }
        String d = descr.substring(1, descr.length() - 1);
        ByteOrder order = switch (d.charAt(0)) {
            case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            default -> throw new IOException(name + ": unsupported .npy descr '" + d + "'");
        };
        DataType type = switch (d.substring(1)) {
            case "f4" -> DataType.FLOAT;
            case "f8" -> DataType.DOUBLE;
            case "i4" -> DataType.INT32;
            case "i8" -> DataType.INT64;
            default -> throw new IOException(name + ": unsupported .npy descr '" + d
                    + "' (supported: f4, f8, i4, i8)");
        };
        boolean f = switch (fortran) {
            case "True" -> true;
            case "False" -> false;
            default -> throw new IOException(name + ": bad fortran_order " + fortran);
        };
        if (!shapeText.startsWith("(") || !shapeText.endsWith(")")) {
            throw new IOException(name + ": bad .npy shape " + shapeText);
        }
        List<Long> dims = new ArrayList<>();
        for (String part : shapeText.substring(1, shapeText.length() - 1).split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(p.toUpperCase(Locale.ROOT).endsWith("L") ? p.substring(0, p.length() - 1)
                        : p);
                if (v < 0) {
                    throw new NumberFormatException("negative");
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new IOException(name + ": bad .npy shape " + shapeText, e);
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        return new Header(type, type.width(), order, f, shape);
    }

    /** The raw value text of {@code 'key': value} in the header dict. */
    private static String field(String dict, String key, String name) throws IOException {
        String k = "'" + key + "':";
        int i = dict.indexOf(k);
        if (i < 0) {
            throw new IOException(name + ": .npy header has no '" + key + "': " + dict);
        }
        int start = i + k.length();
        while (start < dict.length() && dict.charAt(start) == ' ') {
            start++;
        }
        int end;
        if (start < dict.length() && dict.charAt(start) == '(') {
            end = dict.indexOf(')', start);
            if (end < 0) {
                throw new IOException(name + ": unterminated shape in .npy header: " + dict);
            }
            end++;
        } else if (start < dict.length() && dict.charAt(start) == '\'') {
            end = dict.indexOf('\'', start + 1);
            if (end < 0) {
                throw new IOException(name + ": unterminated string in .npy header: " + dict);
            }
            end++;
        } else {
            end = start;
            while (end < dict.length() && dict.charAt(end) != ',' && dict.charAt(end) != '}') {
                end++;
            }
        }
        return dict.substring(start, end).strip();
    }
}
