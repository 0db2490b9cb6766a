package org.jgtlssh.gensio.telnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 1143 behaviour: answers only on change, never loops, refuses what is not allowed. */
class OptionNegotiatorTest {
    final List<String> sent = new ArrayList<>();
    final OptionNegotiator.Output out = (verb, opt) -> sent.add(Telnet.verbName(verb) + ":" + opt);

    @Test
    void refusesUnknownOptionsOnce() {
        OptionNegotiator n = new OptionNegotiator();
        n.receive(Telnet.DO, 24, out);
        n.receive(Telnet.WILL, 24, out);
        assertEquals(List.of("WONT:24", "DONT:24"), sent);
        n.receive(Telnet.DONT, 24, out); // already off: silence
        n.receive(Telnet.WONT, 24, out);
        assertEquals(2, sent.size());
    }

    @Test
    void agreesOnceAndIgnoresRepeats() {
        OptionNegotiator n = new OptionNegotiator();
        n.allowRemote(44);
        n.receive(Telnet.WILL, 44, out);
        n.receive(Telnet.WILL, 44, out);
        n.receive(Telnet.WILL, 44, out);
        assertEquals(List.of("DO:44"), sent);
        assertTrue(n.isRemoteEnabled(44));
    }

    @Test
    void ourRequestAnsweredIsNotAnsweredAgain() {
        OptionNegotiator n = new OptionNegotiator();
        n.allowLocal(44);
        n.requestLocal(44, true, out);
        assertTrue(n.isLocalPending(44));
        n.receive(Telnet.DO, 44, out);
        assertEquals(List.of("WILL:44"), sent);
        assertTrue(n.isLocalEnabled(44));
        n.receive(Telnet.DONT, 44, out);
        assertEquals(List.of("WILL:44", "WONT:44"), sent);
        assertFalse(n.isLocalEnabled(44));
    }

    @Test
    void refusalOfOurRequestEndsQuietly() {
        OptionNegotiator n = new OptionNegotiator();
        n.allowLocal(44);
        n.requestLocal(44, true, out);
        n.receive(Telnet.DONT, 44, out);
        assertEquals(List.of("WILL:44"), sent);
        assertFalse(n.isLocalEnabled(44));
        assertFalse(n.isLocalPending(44));
    }

    @Test
    void twoNegotiatorsConvergeWithoutLooping() {
        OptionNegotiator a = new OptionNegotiator();
        OptionNegotiator b = new OptionNegotiator();
        a.allowLocal(44);
        b.allowRemote(44);
        a.allowRemote(3);
        b.allowLocal(3);
        List<int[]> toB = new ArrayList<>();
        List<int[]> toA = new ArrayList<>();
        a.requestLocal(44, true, (v, o) -> toB.add(new int[] {v, o}));
        b.requestRemote(44, true, (v, o) -> toA.add(new int[] {v, o})); // both start at once
        b.requestLocal(3, true, (v, o) -> toA.add(new int[] {v, o}));
        int messages = 0;
        while (!toA.isEmpty() || !toB.isEmpty()) {
            assertTrue(++messages < 20, "negotiation loops");
            if (!toB.isEmpty()) {
                int[] m = toB.remove(0);
                b.receive(m[0], m[1], (v, o) -> toA.add(new int[] {v, o}));
            }
            if (!toA.isEmpty()) {
                int[] m = toA.remove(0);
                a.receive(m[0], m[1], (v, o) -> toB.add(new int[] {v, o}));
            }
        }
        assertTrue(a.isLocalEnabled(44) && b.isRemoteEnabled(44));
        assertTrue(b.isLocalEnabled(3) && a.isRemoteEnabled(3));
    }
}
