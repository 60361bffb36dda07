package org.cram.api.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FuzzTest {
    private static final byte[] VALID = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sameSeedGivesTheSameMutationsAndEveryInputIsEdited() {
        ByteMutator a = new ByteMutator(7, List.of("&a"));
        ByteMutator b = new ByteMutator(7, List.of("&a"));
        int changed = 0;
        for (int i = 0; i < 500; i++) {
            byte[] x = a.mutate(VALID);
            assertThat(b.mutate(VALID)).isEqualTo(x);
            assertThat(a.lastMutation()).isEqualTo(b.lastMutation()).isNotBlank();
            changed += java.util.Arrays.equals(x, VALID) ? 0 : 1;
        }
        assertThat(changed).isGreaterThan(450);
        assertThat(VALID).asString(StandardCharsets.US_ASCII).isEqualTo("0123456789abcdef0123456789abcdef");
    }

    @Test
    void countsValidAndRejectedCases() {
        Fuzz.Report r = Fuzz.reader("digits").seed(3).cases(300).inputs(List.of(VALID))
                .rejectsWith(IllegalArgumentException.class).messageNames("digits")
                .run(bytes -> {
                    if (bytes.length != VALID.length) {
                        throw new IllegalArgumentException("digits: length " + bytes.length);
                    }
                    return bytes;
                });
        assertThat(r.cases()).isEqualTo(300);
        assertThat(r.valid() + r.rejected()).isEqualTo(300);
        assertThat(r.valid()).isPositive();
        assertThat(r.rejected()).isPositive();
    }

    @Test
    void undocumentedExceptionsUnnamedInputsAndHugeAllocationsFailWithTheReplayableCase() {
        Fuzz base = Fuzz.reader("broken").seed(5).cases(200).inputs(List.of(VALID))
                .rejectsWith(IllegalArgumentException.class).messageNames("broken");
        assertThatThrownBy(() -> base.run(bytes -> bytes[VALID.length - 1 + (bytes.length - VALID.length)
                + (bytes.length == VALID.length ? 0 : 1)]))
                .hasMessageContaining("broken case").hasMessageContaining("seed 5")
                .hasMessageContaining("ArrayIndexOutOfBoundsException");
        assertThatThrownBy(() -> Fuzz.reader("quiet").cases(10).inputs(List.of(VALID))
                .rejectsWith(IllegalArgumentException.class).messageNames("quiet.bin")
                .run(bytes -> {
                    if (bytes.length > 0) {
                        throw new IllegalArgumentException("bad input");
                    }
                    return bytes;
                }))
                .hasMessageContaining("valid input 0 does not read");
        assertThatThrownBy(() -> Fuzz.reader("greedy").cases(5).inputs(List.of(VALID))
                .rejectsWith(IllegalArgumentException.class).maxAllocatedBytes(1 << 20)
                .run(bytes -> bytes.length == VALID.length ? bytes : new byte[8 << 20]))
                .hasMessageContaining("allocated");
    }
}
