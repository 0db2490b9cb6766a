package org.jgtlssh.gensio.msgdelim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer on the msgdelim receiver: whatever the line delivers, it never throws, never holds more than
 * its bound, and every message it hands up has a correct CRC. The committed seeds replay in every
 * build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class MsgdelimFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void decoderIsBoundedAndNeverThrows(byte[] input) {
        MsgdelimDecoder d = new MsgdelimDecoder(64, true);
        int capacity = d.capacity();
        for (byte b : input) {
            if (d.feed(b)) {
                int n = d.messageLength();
                assertTrue(n >= 1 && n <= 64, "message length " + n);
                assertEquals(0, MsgdelimCodec.crc16(d.buffer(), 0, n + 2), "delivered only with a good CRC");
            }
        }
        assertEquals(capacity, d.buffer().length, "the buffer never grows");
    }
}
