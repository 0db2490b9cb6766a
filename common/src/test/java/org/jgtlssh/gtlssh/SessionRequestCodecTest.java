package org.jgtlssh.gtlssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.jgtlssh.gensio.ProtocolException;
import org.junit.jupiter.api.Test;

class SessionRequestCodecTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodesTheLoginRequestGtlsshSends() {
        assertArrayEquals(b("login:TERM=xterm-256color\0\0"),
                SessionRequestCodec.encode(new SessionRequest.Login(List.of("TERM=xterm-256color"))));
        assertArrayEquals(b("login:\0"), SessionRequestCodec.encode(new SessionRequest.Login(List.of())));
    }

    @Test
    void encodesTheProgramRequestGtlsshSends() {
        // observed: gtlssh host printf '%s' 'a b' x
        assertArrayEquals(b("program:printf\0%s\0a b\0x\0\0"),
                SessionRequestCodec.encode(new SessionRequest.Program(List.of("printf", "%s", "a b", "x"))));
    }

    @Test
    void decodesGensioRequests() throws Exception {
        var d = SessionRequestCodec.decode(b("login:TERM=xterm-256color\0\0"));
        assertEquals(new SessionRequest.Login(List.of("TERM=xterm-256color")), d.request());
        assertNull(d.offer());
        assertEquals(new SessionRequest.Login(List.of()), SessionRequestCodec.decode(b("login:\0")).request());
        assertEquals(new SessionRequest.Login(List.of()), SessionRequestCodec.decode(b("login:")).request());
        assertEquals(new SessionRequest.Program(List.of("printf", "%s", "a b", "x")),
                SessionRequestCodec.decode(b("program:printf\0%s\0a b\0x\0\0")).request());
    }

    @Test
    void stripsUpstreamsEmptyArgumentMarker() throws Exception {
        assertEquals(new SessionRequest.Program(List.of("printf", "[%s]", "", "b")),
                SessionRequestCodec.decode(b("program:printf\0[%s]\0\u00ff\0b\0\0")).request());
        assertArrayEquals(b("program:echo\0\u00ff\0\0"),
                SessionRequestCodec.encode(new SessionRequest.Program(List.of("echo", ""))));
    }

    @Test
    void rejectsMalformedListsWithGensiosText() {
        for (String bad : List.of("program:ls", "program:ls\0", "login:TERM=x\0", "program:\0", "program:")) {
            var e = assertThrows(ProtocolException.class, () -> SessionRequestCodec.decode(b(bad)), bad);
            assertEquals("gtlssh: Could not get vals from service", e.getMessage());
        }
        var e = assertThrows(ProtocolException.class, () -> SessionRequestCodec.decode(b("shell:x\0\0")));
        assertEquals("gtlssh: Unknown service", e.getMessage());
    }

    @Test
    void ignoresBytesAfterTheListLikeGensio() throws Exception {
        var d = SessionRequestCodec.decode(b("program:ls\0\0garbage"));
        assertEquals(new SessionRequest.Program(List.of("ls")), d.request());
        assertNull(d.offer());
    }

    @Test
    void extensionTrailerRoundTripsAndStaysBehindTheList() throws Exception {
        ExtensionOffer offer = new ExtensionOffer(EnumSet.of(Feature.EXIT_STATUS, Feature.HALF_CLOSE),
                Map.of("LANG", "C.UTF-8"));
        byte[] wire = SessionRequestCodec.encode(new SessionRequest.Program(List.of("ls", "-l")), offer);
        // gensio's server sees exactly "program:ls\0-l\0\0" and stops there
        String s = new String(wire, StandardCharsets.ISO_8859_1);
        assertEquals(0, s.indexOf("program:ls\0-l\0\0"));
        assertEquals("program:ls\0-l\0\0jgtlssh-ext/1\0exit\0eof\0env:LANG=C.UTF-8\0\0", s);
        var d = SessionRequestCodec.decode(wire);
        assertEquals(new SessionRequest.Program(List.of("ls", "-l")), d.request());
        assertEquals(offer, d.offer());
    }

    @Test
    void trailerAfterAnEmptyLoginList() throws Exception {
        byte[] wire = SessionRequestCodec.encode(new SessionRequest.Login(List.of()), ExtensionOffer.all());
        var d = SessionRequestCodec.decode(wire);
        assertEquals(new SessionRequest.Login(List.of()), d.request());
        assertEquals(ExtensionOffer.all(), d.offer());
    }

    @Test
    void unknownTrailerTokensAreIgnored() throws Exception {
        var d = SessionRequestCodec.decode(b("login:TERM=x\0\0jgtlssh-ext/1\0teleport\0exit\0env:=x\0\0"));
        assertEquals(EnumSet.of(Feature.EXIT_STATUS), EnumSet.copyOf(d.offer().features()));
        assertEquals(Map.of(), d.offer().environment());
    }

    @Test
    void forwardingServices() throws Exception {
        assertEquals(new SessionRequest.Forward(ForwardTarget.tcp("somehost", 4444)),
                SessionRequestCodec.decode(b("tcp,somehost,4444")).request());
        // like gtlsshd: anything after a further comma is dropped
        assertEquals(new SessionRequest.Forward(ForwardTarget.tcp("h", 1)),
                SessionRequestCodec.decode(b("tcp,h,1,extra")).request());
        assertEquals(new SessionRequest.Forward(ForwardTarget.unix("/tmp/x.sock")),
                SessionRequestCodec.decode(b("unix,/tmp/x.sock")).request());
        assertThrows(ProtocolException.class, () -> SessionRequestCodec.decode(b("tcp,h")));
        assertThrows(ProtocolException.class, () -> SessionRequestCodec.decode(b("tcp,h,65536")));
        assertThrows(ProtocolException.class, () -> SessionRequestCodec.decode(b("tcp,h;rm,1")));
    }

    @Test
    void listenAddressesOfRemoteForwards() {
        assertEquals("tcp,127.0.0.1,9366", ForwardTarget.parseListen("tcp,127.0.0.1,9366").toGensioString());
        assertEquals("tcp,9366", ForwardTarget.parseListen("tcp,9366").toGensioString());
        assertEquals(ForwardTarget.unix("/tmp/s"), ForwardTarget.parseListen("unix,/tmp/s"));
        var e = assertThrows(IllegalArgumentException.class, () -> ForwardTarget.parseListen("udp,1"));
        assertEquals("Unknown accepter type", e.getMessage());
    }

    @Test
    void refusesToEncodeWhatCannotTravel() {
        assertThrows(IllegalArgumentException.class,
                () -> SessionRequestCodec.encode(new SessionRequest.Program(List.of("a\0b"))));
        assertThrows(IllegalArgumentException.class, () -> new SessionRequest.Program(List.of()));
    }
}
