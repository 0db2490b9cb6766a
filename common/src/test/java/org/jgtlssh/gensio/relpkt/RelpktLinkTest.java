package org.jgtlssh.gensio.relpkt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jgtlssh.gensio.msgdelim.WireVectors;
import org.jgtlssh.gensio.relpkt.RelpktLink.State;
import org.junit.jupiter.api.Test;

/**
 * The relpkt state machine message by message, on a virtual clock, against the behaviour the spec
 * captured from gensio 2.6.2. {@code peer} bytes are what a C gensio would send.
 */
class RelpktLinkTest {
    private static final long S = 1_000_000_000L;
    private long now = 5 * S;

    private static byte[] h(String s) {
        return WireVectors.hex(s);
    }

    private List<String> out(RelpktLink l) {
        List<String> r = new ArrayList<>();
        byte[] m;
        while ((m = l.pollOutput(now)) != null) {
            r.add(WireVectors.hex(m, 0, m.length));
        }
        return r;
    }

    private void in(RelpktLink l, String hex) {
        byte[] b = h(hex);
        l.onPacket(b, 0, b.length, now);
    }

    private void advance(RelpktLink l, long nanos) {
        long until = now + nanos;
        while (l.nextDeadline() <= until) {
            now = Math.max(now, l.nextDeadline());
            l.onTimer(now);
        }
        now = until;
    }

    /** A client opened against a plain gensio server (which answers without the extension). */
    private RelpktLink openClientAgainstGensio() {
        RelpktLink c = new RelpktLink(RelpktOptions.DEFAULT, true, null);
        c.start(now);
        assertEquals(List.of("400000", "100010007b4a47010140"), out(c), "CLOSE, then INIT offering our extension");
        in(c, "11 00 10 00 7b");
        assertEquals(State.OPEN, c.state());
        assertFalse(c.extended(), "a gensio peer never sees the extension");
        return c;
    }

    @Test
    void clientHandshakeWithGensioUsesPlainMessages() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        assertEquals(123, c.txSize());
        assertEquals(16, c.txWindow());
        assertEquals(1, c.offer(h("41"), 0, 1));
        assertEquals(List.of("20000041"), out(c), "DATA ack=0 seq=0 'A', sent at once since nothing is in flight");
        in(c, "20 01 00 72 65 70 6c 79"); // the peer ACKs and sends data
        byte[] buf = new byte[16];
        assertEquals(5, c.read(buf, 0, 16));
        assertEquals(List.of("200100"), out(c), "pure ACK: next to deliver = 1");
    }

    @Test
    void serverAnswersAPlainInitWithItsOwnValuesAndNoExtension() throws IOException {
        RelpktLink s = new RelpktLink(new RelpktOptions(null, 100, 8, java.time.Duration.ofSeconds(1), 5), false, null);
        s.start(now);
        assertEquals(List.of(), out(s));
        in(s, "40 00 00"); // a CLOSE before INIT is ignored in WAIT_INIT
        in(s, "20 00 00 41"); // and so is DATA
        in(s, "10 00 10 00 7b");
        assertEquals(List.of("1100080064"), out(s));
        assertEquals(8, s.txWindow());
        assertEquals(100, s.txSize());
    }

    @Test
    void twoOfOursNegotiateTheCrc32cTrailerAndTheSizeLeavesRoomForIt() {
        RelpktLink s = new RelpktLink(RelpktOptions.DEFAULT, false, null);
        s.start(now);
        in(s, "10 00 10 00 7b 4a 47 01 01 40");
        assertEquals(List.of("110010007b4a47010140"), out(s));
        assertTrue(s.extended());
        assertEquals(119, s.txSize(), "123 - 4 bytes of trailer: DATA still fits msgdelim's 128");
    }

    @Test
    void frameCapacityIsOfferedInTwoMoreInitBytesAndGivesLargerPayloadsBetweenOurEnds() {
        RelpktLink c = new RelpktLink(RelpktOptions.DEFAULT, true, null);
        c.setFrameCapacity(1024, 1024);
        c.start(now);
        assertEquals(List.of("400000", "100010007b4a470103400400"), out(c), "flag bit 1 and 04 00 (1024)");
        RelpktLink s = new RelpktLink(RelpktOptions.DEFAULT, false, null);
        s.setFrameCapacity(1024, 512);
        s.start(now);
        in(s, "10 00 10 00 7b 4a 47 01 03 40 04 00");
        assertEquals(List.of("110010007b4a470103400400"), out(s));
        assertEquals(512 - 3 - 4, s.txSize(), "min(peer's 1024, own 512) - header - trailer");
        in(c, "11 00 10 00 7b 4a 47 01 03 40 04 00");
        assertEquals(1017, c.txSize());
    }

    private RelpktLink bigFrameClient() {
        RelpktLink c = new RelpktLink(RelpktOptions.DEFAULT, true, null);
        c.setFrameCapacity(1024, 1024);
        c.start(now);
        out(c);
        in(c, "11 00 10 00 7b 4a 47 01 03 40 04 00");
        assertEquals(1017, c.txSize());
        return c;
    }

    @Test
    void theFirstResendEndsLargerFramesForGood() throws Exception {
        RelpktLink c = bigFrameClient();
        byte[] resend = new byte[3 + RelpktCodec.TRAILER];
        resend[0] = 0x30; // RESEND 0..0
        c.onPacket(resend, 0, RelpktCodec.addTrailer(resend, 3), now);
        assertEquals(119, c.txSize(), "gensio's size minus our trailer, as without larger frames");
        assertEquals(1L, c.counters().get("big-frames-off"));
        c.offer(new byte[2000], 0, 2000);
        for (String m : out(c)) {
            assertTrue(m.length() / 2 <= RelpktCodec.DATA_HEADER + 119 + RelpktCodec.TRAILER, m);
        }
        assertEquals(119, c.txSize(), "sticky");
    }

    @Test
    void aDamagedFrameEndsLargerFramesForGood() {
        RelpktLink c = bigFrameClient();
        in(c, "20 00 00 01 02 03 04 05 06 07"); // DATA whose CRC-32C trailer does not match
        assertEquals(119, c.txSize());
        assertEquals(1L, c.counters().get("big-frames-off"));
    }

    @Test
    void aPeerWithoutFrameCapacitySeesTodaysBytes() {
        // an older jgtlssh (10-byte INIT): our response carries no frame bytes, the size stays 119
        RelpktLink s = new RelpktLink(RelpktOptions.DEFAULT, false, null);
        s.setFrameCapacity(1024, 1024);
        s.start(now);
        in(s, "10 00 10 00 7b 4a 47 01 01 40");
        assertEquals(List.of("110010007b4a47010140"), out(s));
        assertEquals(119, s.txSize());
        // gensio (5-byte INIT): a plain 5-byte response, gensio's 123
        RelpktLink g = new RelpktLink(RelpktOptions.DEFAULT, false, null);
        g.setFrameCapacity(1024, 1024);
        g.start(now);
        in(g, "10 00 10 00 7b");
        assertEquals(List.of("110010007b"), out(g));
        assertEquals(123, g.txSize());
        // a client offering 1024 toward gensio: gensio answers in 5 bytes, the size stays 123
        RelpktLink c = new RelpktLink(RelpktOptions.DEFAULT, true, null);
        c.setFrameCapacity(1024, 1024);
        c.start(now);
        out(c);
        in(c, "11 00 10 00 7b");
        assertEquals(123, c.txSize());
    }

    @Test
    void keepaliveAckEveryTickAndDeadPeerAfterSixSilentTicks() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        for (int t = 1; t <= 5; t++) {
            advance(c, S);
            assertEquals(List.of("200000"), out(c), "keepalive at tick " + t);
        }
        advance(c, S);
        assertEquals(State.FAILED, c.state());
        assertTrue(c.failure().getMessage().contains("timed out"), c.failure().getMessage());
        assertEquals(List.of(), out(c), "no CLOSE after a timeout, as in gensio");
    }

    @Test
    void clientRetriesInitFiveTimesThenFailsAtSixSeconds() throws IOException {
        RelpktLink c = new RelpktLink(RelpktOptions.DEFAULT, true, null);
        long start = now;
        c.start(now);
        out(c);
        int inits = 1;
        while (c.state() == State.WAIT_INIT_RSP) {
            now = c.nextDeadline();
            c.onTimer(now);
            inits += out(c).size();
        }
        assertEquals(6, inits);
        assertEquals(6 * S, now - start);
        assertTrue(c.failure().getMessage().contains("mode=server"), c.failure().getMessage());
    }

    @Test
    void twoClientsNeverPairUpAsInGensio() throws IOException {
        RelpktLink c = new RelpktLink(RelpktOptions.DEFAULT, true, null);
        c.start(now);
        out(c);
        in(c, "10 00 10 00 7b");
        assertEquals(State.WAIT_INIT_RSP, c.state());
    }

    @Test
    void gapRequestsResendAndDeliversInOrderOldDuplicateIgnored() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        in(c, "20 00 00 61");
        in(c, "20 00 02 63");
        List<String> o = out(c);
        assertTrue(o.contains("300101"), "RESEND 1..1 as in vector R1: " + o);
        in(c, "20 00 01 62");
        in(c, "20 00 00 61"); // an old duplicate
        byte[] buf = new byte[8];
        assertEquals(3, c.read(buf, 0, 8));
        assertArrayEquals(h("616263"), java.util.Arrays.copyOf(buf, 3));
        assertEquals(0, c.read(buf, 0, 8));
    }

    @Test
    void dataWithAnAckOutsideTheWindowIsIgnoredWhole() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        in(c, "20 05 00 41"); // we sent nothing, so ACK 5 is invalid
        assertEquals(0, c.read(new byte[4], 0, 4));
        assertEquals(1L, c.counters().get("invalid-acks"));
    }

    @Test
    void resendRetransmitsWithTheCurrentAck() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        c.offer(h("4142"), 0, 2);
        assertEquals(List.of("2000004142"), out(c));
        in(c, "20 00 00 78"); // peer data, ack 0 (ours still outstanding)
        out(c);
        now += S / 2;
        in(c, "30 00 00");
        assertEquals(List.of("2001004142"), out(c), "retransmitted with ACK 1");
        assertEquals(1L, c.counters().get("packets-resent"));
    }

    @Test
    void lostAckIsRepairedByTimeoutRetransmission() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        c.offer(h("41"), 0, 1);
        out(c);
        advance(c, 1500_000_000L);
        List<String> o = out(c);
        assertTrue(o.contains("20000041"), "retransmitted after the RTO: " + o);
    }

    @Test
    void smallWritesAreCoalescedWhileAPacketIsInFlightAndFlushSendsThem() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        c.offer(h("61"), 0, 1);
        assertEquals(List.of("20000061"), out(c));
        for (int i = 0; i < 5; i++) {
            c.offer(h("62"), 0, 1);
        }
        assertEquals(List.of(), out(c), "held back while seq 0 is unacknowledged");
        c.flush();
        assertEquals(List.of("2000016262626262"), out(c), "one packet for five 1-byte writes");
        c.offer(new byte[300], 0, 300);
        List<String> o = out(c);
        assertEquals(2, o.size(), "two full packets (123 each) go at once, the 54-byte rest waits: " + o);
        in(c, "20 04 00"); // everything ACKed: the rest goes
        assertEquals(1, out(c).size());
    }

    @Test
    void seqZeroWaitsUntilEverythingBeforeTheWrapIsAcked() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        byte[] one = {0x55};
        int acked = 0;
        for (int i = 0; i < 250; i++) {
            c.offer(one, 0, 1);
            c.flush();
            out(c);
            acked++;
            in(c, String.format("20 %02x 00", acked & 0xFF));
        }
        // seqs 250..255 in flight, unacknowledged
        for (int i = 0; i < 6; i++) {
            c.offer(one, 0, 1);
            c.flush();
            assertEquals(1, out(c).size());
        }
        assertEquals(1, c.offer(one, 0, 1));
        c.flush();
        assertEquals(List.of(), out(c), "SEQ 0 must wait: 250..255 outstanding");
        in(c, "20 ff 00");
        assertEquals(List.of(), out(c), "still 255 outstanding");
        in(c, "20 00 00");
        assertEquals(List.of("20000055"), out(c), "now SEQ 0 of the next cycle");
    }

    @Test
    void orderlyCloseBothWays() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        c.close(now);
        assertEquals(List.of("400000"), out(c));
        assertEquals(State.WAIT_CLOSE_RSP, c.state());
        in(c, "40 00 00");
        assertEquals(State.DONE, c.state());
        assertNull(c.failure());

        RelpktLink d = openClientAgainstGensio();
        in(d, "20 00 00 41");
        assertEquals(List.of("200100"), out(d));
        in(d, "40 00 00");
        assertEquals(List.of("400000"), out(d), "CLOSE answered with CLOSE");
        assertEquals(State.REMCLOSED, d.state());
        byte[] buf = new byte[4];
        assertEquals(1, d.read(buf, 0, 4), "buffered data is still read after the peer's CLOSE");
        assertEquals(-1, d.read(buf, 0, 4));
    }

    @Test
    void closeWaitsForTheAckOfOutstandingData() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        c.offer(h("41"), 0, 1);
        out(c);
        c.close(now);
        assertEquals(List.of(), out(c), "no CLOSE while seq 0 is unacknowledged");
        in(c, "20 01 00");
        assertEquals(List.of("400000"), out(c));
    }

    @Test
    void closeCompletesAfterSixTicksWithoutAnswer() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        c.close(now);
        out(c);
        advance(c, 6 * S);
        assertEquals(State.DONE, c.state());
    }

    @Test
    void aPeerRestartAfterDataIsReportedNotSwallowed() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        in(c, "20 00 00 41");
        in(c, "10 00 10 00 7b");
        assertEquals(State.FAILED, c.state());
        assertTrue(c.failure().getMessage().contains("restarted"), c.failure().getMessage());
    }

    @Test
    void aDuplicateInitBeforeDataIsAnsweredAndUnackedDataResent() throws IOException {
        RelpktLink s = new RelpktLink(RelpktOptions.DEFAULT, false, null);
        s.start(now);
        in(s, "10 00 10 00 7b");
        out(s);
        s.offer(h("41"), 0, 1);
        assertEquals(List.of("20000041"), out(s));
        in(s, "10 00 10 00 7b");
        assertEquals(List.of("110010007b", "20000041"), out(s));
    }

    @Test
    void malformedPacketsAreDroppedAndCounted() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        in(c, "50 00 00");
        in(c, "20 00");
        assertEquals(State.OPEN, c.state());
        assertEquals(2L, c.counters().get("malformed"));
    }

    @Test
    void theTimerResendsOnlyTheOldestPacketNotTheWholeWindow() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        c.offer(new byte[3 * 123], 0, 3 * 123);
        assertEquals(3, out(c).size());
        in(c, "20 00 00"); // a valid ACK that moves nothing: the peer is alive, seq 0 is missing
        advance(c, S);
        List<String> o = out(c);
        assertEquals(1, o.size(), "one retransmission: " + o);
        assertTrue(o.get(0).startsWith("200000"), "of SEQ 0, the oldest: " + o);
        assertEquals(1L, c.counters().get("timeouts"));
    }

    @Test
    void theTimerRestartsAtEveryAckThatMakesProgress() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        c.offer(h("41"), 0, 1);
        out(c);
        now += 20_000_000L;
        in(c, "20 01 00"); // RTT 20 ms
        c.offer(new byte[3 * 123], 0, 3 * 123);
        assertEquals(3, out(c).size(), "SEQ 1, 2, 3");
        now += 70_000_000L;
        in(c, "20 02 00"); // SEQ 1 acknowledged after 70 ms: the RTO becomes about 130 ms
        advance(c, 100_000_000L);
        assertEquals(List.of(), out(c), "SEQ 2 was sent 170 ms ago, but its timer runs from the last progress");
        advance(c, 100_000_000L);
        List<String> o = out(c);
        assertEquals(1, o.size(), "then SEQ 2 alone: " + o);
        assertTrue(o.get(0).startsWith("200002"), o.get(0));
    }

    @Test
    void theReceiverAsksAgainForAHoleThatStaysEmpty() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        in(c, "20 00 00 61");
        in(c, "20 00 02 63");
        assertTrue(out(c).contains("300101"), "first request at once");
        now += 100_000_000L;
        c.onTimer(now);
        assertFalse(out(c).contains("300101"), "not again before the repair time");
        advance(c, 150_000_000L);
        assertTrue(out(c).contains("300101"), "asked again: the retransmission (or the request) was lost");
        in(c, "20 00 01 62");
        advance(c, 500_000_000L);
        assertFalse(out(c).contains("300101"), "the hole is filled: no more requests");
        assertEquals(1L, c.counters().get("holes-re-requested"));
    }

    @Test
    void aResendForAPacketSentOnceIsHonouredAtOnceOneForARetransmissionOnlyAfterHalfARoundTrip()
            throws IOException {
        RelpktLink c = openClientAgainstGensio();
        c.offer(h("41"), 0, 1);
        out(c);
        now += 20_000_000L;
        in(c, "20 01 00"); // an RTT sample of 20 ms
        c.offer(h("4243"), 0, 2);
        assertEquals(List.of("2000014243"), out(c));
        in(c, "30 01 01");
        assertEquals(List.of("2000014243"), out(c), "sent once and named missing: lost, resent at once");
        now += 1_000_000L;
        in(c, "30 01 01");
        assertEquals(List.of(), out(c), "a request that crossed the retransmission changes nothing");
        now += 20_000_000L;
        in(c, "30 01 01");
        assertEquals(List.of("2000014243"), out(c), "half a round trip later the retransmission was lost");
    }

    /** {@code hex} with our extension's CRC-32C trailer, as one of our peers sends it. */
    private void inExt(RelpktLink l, String hex) {
        byte[] b = h(hex);
        byte[] m = java.util.Arrays.copyOf(b, b.length + RelpktCodec.TRAILER);
        RelpktCodec.addTrailer(m, b.length);
        l.onPacket(m, 0, m.length, now);
    }

    @Test
    void betweenOurEndsDataIsPacedToTheSerialLineAndControlMessagesAreNot() throws IOException {
        RelpktLink c = new RelpktLink(RelpktOptions.DEFAULT, true, null);
        c.setLineRate(11_520); // 115200 baud, 8N1
        c.start(now);
        out(c);
        in(c, "11 00 10 00 7b 4a 47 01 01 40");
        assertTrue(c.extended());
        now += S / 2; // the handshake's line time has long passed
        c.offer(new byte[10 * 119], 0, 10 * 119);
        assertEquals(3, out(c).size(), "about 25 ms of line time handed down, not the whole window");
        inExt(c, "20 00 00 61");
        List<String> o = out(c);
        assertEquals(1, o.size(), "the ACK is not held back: " + o);
        assertTrue(o.get(0).startsWith("200100"), o.get(0));
        long next = c.nextDeadline();
        assertTrue(next > now && next < now + 30_000_000L, "the next DATA is due when the line has room");
        now = next;
        c.onTimer(now);
        assertEquals(1, out(c).size());
    }

    @Test
    void towardsGensioNothingIsPaced() throws IOException {
        RelpktLink c = openClientAgainstGensio();
        c.setLineRate(11_520);
        c.offer(new byte[10 * 123], 0, 10 * 123);
        assertEquals(10, out(c).size());
    }
    @Test
    void aLineFasterThanItsSettingsIsNotPaced() throws IOException {
        RelpktLink c = new RelpktLink(RelpktOptions.DEFAULT, true, null);
        c.setLineRate(11_520); // what a pty says, while the relay behind it has no limit
        c.start(now);
        out(c);
        in(c, "11 00 10 00 7b 4a 47 01 01 40");
        now += S / 2;
        c.offer(new byte[10 * 119], 0, 10 * 119);
        assertEquals(3, out(c).size(), "paced at first");
        now += 1_000_000L;
        inExt(c, "20 01 00"); // a 131-byte frame acknowledged after 1 ms: 11.4 ms at 115200 baud
        assertEquals(7, out(c).size(), "the other seven at once: the set rate is fiction");
    }
}
