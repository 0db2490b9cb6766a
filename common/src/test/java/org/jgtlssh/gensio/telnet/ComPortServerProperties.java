package org.jgtlssh.gensio.telnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jgtlssh.gensio.Controls;
import org.jgtlssh.gensio.pipe.Pipe;

/**
 * The RFC 2217 server's request handling over arbitrary payloads (what a hostile client can send inside
 * {@code IAC SB 44 ... IAC SE}): it never throws, every answer is a server command (100..112) within
 * the payload bound, and the modem-state report honours the mask whatever the lines do.
 */
class ComPortServerProperties {

    @Property(tries = 500)
    void anyRequestGetsABoundedServerAnswerOrNone(@ForAll @Size(min = 1, max = ComPort.MAX_PAYLOAD) byte[] payload,
            @ForAll @IntRange(min = 0, max = 0xf0) int lines) throws IOException {
        TelnetModemLinesTest.LinesPort port = new TelnetModemLinesTest.LinesPort(Pipe.pair(16)[0]);
        port.lines = lines & 0xf0;
        ComPortServer s = new ComPortServer(port, "sig");
        byte[] answer = s.handle(payload);
        if (answer != null) {
            assertTrue(answer.length >= 1 && answer.length <= ComPort.MAX_PAYLOAD);
            int cmd = answer[0] & 0xff;
            assertTrue(cmd >= ComPort.SERVER_OFFSET && cmd <= ComPort.SERVER_OFFSET + ComPort.PURGE_DATA, "" + cmd);
        }
    }

    @Property(tries = 300)
    void modemReportsCarryOnlyMaskedBits(@ForAll @IntRange(min = 0, max = 255) int mask,
            @ForAll @Size(min = 1, max = 20) int[] lineSequence) throws IOException {
        TelnetModemLinesTest.LinesPort port = new TelnetModemLinesTest.LinesPort(Pipe.pair(16)[0]);
        ComPortServer s = new ComPortServer(port, "sig");
        s.pollModemState(false);
        byte[] ack = s.handle(ComPort.oneByte(ComPort.SET_MODEMSTATE_MASK, mask));
        assertEquals(mask, ack[1] & 0xff);
        int before = 0;
        for (int l : lineSequence) {
            port.lines = l & 0xf0;
            byte[] report = s.pollModemState(false);
            int changed = before ^ port.lines;
            if (changed == 0) {
                assertEquals(null, report, "no line moved, nothing to report");
            }
            if ((changed & mask) != 0) {
                assertTrue(report != null, "a line in the mask moved: it must be reported");
            }
            if (report != null) {
                assertEquals(ComPort.NOTIFY_MODEMSTATE + ComPort.SERVER_OFFSET, report[0] & 0xff);
                assertEquals(0, (report[1] & 0xff) & ~mask, "only masked bits are sent");
                assertEquals(port.lines & mask & 0xf0, report[1] & 0xf0, "levels are the lines now");
            }
            before = port.lines;
        }
        assertEquals(Optional.of(before), port.get(Controls.MODEM_STATE));
    }

    @Property(tries = 300)
    void lineReportsCarryOnlyMaskedErrorsAndOnlyWhenOneOccurred(@ForAll @IntRange(min = 0, max = 255) int mask,
            @ForAll @Size(min = 1, max = 20) int[] errorSequence) throws IOException {
        TelnetModemLinesTest.LinesPort port = new TelnetModemLinesTest.LinesPort(Pipe.pair(16)[0]);
        port.lineErrors.set(0);
        ComPortServer s = new ComPortServer(port, "sig");
        s.handle(ComPort.oneByte(ComPort.SET_LINESTATE_MASK, mask));
        byte[] first = s.pollLineState(true);
        assertEquals(ComPort.NOTIFY_LINESTATE + ComPort.SERVER_OFFSET, first[0] & 0xff, "a mask is answered with a report");
        assertEquals(0, first[1], "no error yet");
        for (int e : errorSequence) {
            int errors = e & 0x1e; // break, framing, parity, overrun: what serialdev can report
            port.lineError(errors);
            byte[] report = s.pollLineState(false);
            if ((errors & mask) == 0) {
                assertEquals(null, report, "no error in the mask, nothing to report");
            } else {
                assertEquals(ComPort.NOTIFY_LINESTATE + ComPort.SERVER_OFFSET, report[0] & 0xff);
                assertEquals(errors & mask, report[1] & 0xff, "exactly the masked errors of this period");
            }
        }
        assertEquals(Optional.of(0), port.get(Controls.LINE_STATE), "each poll cleared what it reported");
    }

    @Property(tries = 200)
    void aPortWithoutLineStateIsNeverReported(@ForAll @IntRange(min = 0, max = 255) int mask,
            @ForAll boolean force) throws IOException {
        TelnetModemLinesTest.LinesPort port = new TelnetModemLinesTest.LinesPort(Pipe.pair(16)[0]);
        ComPortServer s = new ComPortServer(port, "sig");
        s.handle(ComPort.oneByte(ComPort.SET_LINESTATE_MASK, mask));
        assertEquals(null, s.pollLineState(force));
        assertEquals(false, s.hasLineState());
    }
}
