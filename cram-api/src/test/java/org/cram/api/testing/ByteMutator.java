package org.cram.api.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small seeded mutator for fuzz tests: each {@link #mutate} applies one to four random edits to a valid input
 * (bit flips, interesting byte values, truncation, inserted / deleted / duplicated ranges, huge or negative 32- and
 * 64-bit lengths in either byte order, and tokens from an optional dictionary), so that the same seed always gives
 * the same sequence of inputs. {@link #lastMutation} describes the edits of the last input for failure messages.
 */
public final class ByteMutator {
    private static final int[] INTERESTING_BYTES = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0A, 0x22, 0x27, 0x5B, 0x7B};
    private static final long[] HUGE = {Integer.MAX_VALUE, 0xFFFFFFFFL, 0x80000000L, 1_000_000_000L, -1L, 0x7FFFFFF8L,
        65_536L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40};

    private final Random random;
    private final List<byte[]> dictionary;
    private final StringBuilder last = new StringBuilder();

    /** A mutator without a dictionary. */
    public ByteMutator(long seed) {
        this(seed, List.of());
    }

    /**
     * @param seed       fixes the sequence of mutations
     * @param dictionary format tokens (e.g. {@code "&a"}, {@code "*a"}, {@code "!!"} for YAML) inserted or written
     *                   over the input as one kind of edit; UTF-8 encoded
     */
    public ByteMutator(long seed, List<String> dictionary) {
        this.random = new Random(seed);
        List<byte[]> tokens = new ArrayList<>();
        for (String t : dictionary) {
            tokens.add(t.getBytes(StandardCharsets.UTF_8));
        }
        this.dictionary = List.copyOf(tokens);
    }

    /** A mutated copy of {@code input} (which is not changed). */
    public byte[] mutate(byte[] input) {
        last.setLength(0);
        byte[] out = input.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            out = edit(out);
        }
        return out;
    }

    /** The edits that produced the last result of {@link #mutate}, e.g. {@code "flip bit 3 of byte 17; truncate to 40"}. */
    public String lastMutation() {
        return last.toString();
    }

    /** A random index into the shared random sequence, for tests that pick among several seeds. */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private byte[] edit(byte[] in) {
        int kind = random.nextInt(dictionary.isEmpty() ? 9 : 11);
        if (in.length == 0 && kind != 3 && kind != 9) {
            kind = 3;
        }
        int at = in.length == 0 ? 0 : random.nextInt(in.length);
        switch (kind) {
            case 0 -> {
                int bit = random.nextInt(8);
                in[at] ^= (byte) (1 << bit);
                note("flip bit " + bit + " of byte " + at);
                return in;
            }
            case 1 -> {
                int v = INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                in[at] = (byte) v;
                note("set byte " + at + " to 0x" + Integer.toHexString(v));
                return in;
            }
            case 2 -> {
                int len = random.nextInt(in.length + 1);
                note("truncate to " + len);
                return java.util.Arrays.copyOf(in, len);
            }
            case 3 -> {
                byte[] ins = new byte[1 + random.nextInt(8)];
                random.nextBytes(ins);
                note("insert " + ins.length + " random bytes at " + at);
                return splice(in, at, 0, ins);
            }
            case 4 -> {
                int len = 1 + random.nextInt(Math.min(16, in.length - at));
                note("delete " + len + " bytes at " + at);
                return splice(in, at, len, new byte[0]);
            }
            case 5 -> {
                int len = 1 + random.nextInt(Math.min(32, in.length - at));
                byte[] copy = java.util.Arrays.copyOfRange(in, at, at + len);
                int to = random.nextInt(in.length + 1);
                note("duplicate " + len + " bytes from " + at + " at " + to);
                return splice(in, to, 0, copy);
            }
            case 6, 7 -> {
                long v = HUGE[random.nextInt(HUGE.length)];
                boolean wide = kind == 7;
                ByteOrder order = random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
                ByteBuffer b = ByteBuffer.allocate(8).order(order);
                byte[] value = wide ? b.putLong(v).array() : java.util.Arrays.copyOf(b.putInt((int) v).array(), 4);
                note("write " + (wide ? "int64 " : "int32 ") + v + " " + order + " at " + at);
                return overwrite(in, at, value);
            }
            case 8 -> {
                int digits = 1 + random.nextInt(19);
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < digits; i++) {
                    s.append((char) ('0' + random.nextInt(10)));
                }
                note("write number " + s + " at " + at);
                return overwrite(in, at, s.toString().getBytes(StandardCharsets.US_ASCII));
            }
            default -> {
                byte[] token = dictionary.get(random.nextInt(dictionary.size()));
                boolean insert = kind == 9;
                note((insert ? "insert" : "overwrite with") + " token '" + new String(token, StandardCharsets.UTF_8)
                        + "' at " + at);
                return insert ? splice(in, at, 0, token) : overwrite(in, at, token);
            }
        }
    }

    private void note(String edit) {
        if (last.length() > 0) {
            last.append("; ");
        }
        last.append(edit);
    }

    private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + insert.length);
        out.write(in, 0, at);
        out.writeBytes(insert);
        out.write(in, at + remove, in.length - at - remove);
        return out.toByteArray();
    }

    private static byte[] overwrite(byte[] in, int at, byte[] value) {
        byte[] out = in.length >= at + value.length ? in : java.util.Arrays.copyOf(in, at + value.length);
        System.arraycopy(value, 0, out, at, value.length);
        return out;
    }
}
