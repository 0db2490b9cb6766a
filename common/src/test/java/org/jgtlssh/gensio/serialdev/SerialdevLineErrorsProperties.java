package org.jgtlssh.gensio.serialdev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The pure half of serialdev's line state: how the driver's interrupt counters (TIOCGICOUNT) moving between
 * two polls map to RFC 2217 line-state bits. The ioctl half needs a real UART, which this machine has not.
 */
class SerialdevLineErrorsProperties {

    @Property(tries = 500)
    void eachErrorCounterThatMovedSetsItsBitAndNothingElseDoes(
            @ForAll @Size(value = LineErrors.COUNTERS) int[] before,
            @ForAll @Size(value = LineErrors.COUNTERS) int[] increments) {
        int[] after = new int[LineErrors.COUNTERS];
        for (int i = 0; i < after.length; i++) {
            after[i] = before[i] + increments[i]; // wraps like the kernel's int counters
        }
        int want = (increments[LineErrors.BRK] != 0 ? 0x10 : 0)
                | (increments[LineErrors.FRAME] != 0 ? 0x08 : 0)
                | (increments[LineErrors.PARITY] != 0 ? 0x04 : 0)
                | (increments[LineErrors.OVERRUN] != 0 || increments[LineErrors.BUF_OVERRUN] != 0 ? 0x02 : 0);
        assertEquals(want, LineErrors.lineState(before, after));
    }

    @Property(tries = 200)
    void countersThatStandStillReportNothing(@ForAll @Size(value = LineErrors.COUNTERS) int[] counters) {
        assertEquals(0, LineErrors.lineState(counters, counters.clone()));
    }

    @Property(tries = 200)
    void modemAndDataCountersNeverLookLikeErrors(@ForAll @Size(value = LineErrors.COUNTERS) int[] before,
            @ForAll @IntRange(min = 1, max = 1_000_000) int moved) {
        int[] after = before.clone();
        for (int i : new int[] {0, 1, 2, 3, 4, 5, 11, 19}) { // cts dsr rng dcd rx tx, reserved
            after[i] += moved;
        }
        assertEquals(0, LineErrors.lineState(before, after));
    }

    @Example
    void tableOfSingleErrors() {
        int[][] table = {
            {LineErrors.FRAME, 0x08}, {LineErrors.PARITY, 0x04}, {LineErrors.OVERRUN, 0x02},
            {LineErrors.BUF_OVERRUN, 0x02}, {LineErrors.BRK, 0x10},
        };
        for (int[] row : table) {
            int[] before = new int[LineErrors.COUNTERS];
            before[row[0]] = Integer.MAX_VALUE;
            int[] after = before.clone();
            after[row[0]] = Integer.MIN_VALUE; // one more across the wrap
            assertEquals(row[1], LineErrors.lineState(before, after), "counter " + row[0]);
        }
    }
}
