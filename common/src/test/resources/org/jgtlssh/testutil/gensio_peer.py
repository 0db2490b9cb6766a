#!/usr/bin/python3
# A real-gensio (Debian python3-gensio 2.6.2) peer for interop tests, using two channels at once
# (driven from Java by org.jgtlssh.testutil.PythonGensioPeer):
#   gensio_peer.py server 'accepter stack'    echo every channel (first + peer-opened ones)
#   gensio_peer.py client 'connector stack' N  open a second channel 'svc2', send N bytes on both
#                                               channels at once, check the echoes, close, print ok
# The stacks start with mux; anything below it (certauth, ssl, tcp) is gensio's.
import sys
import time
import gensio


class Logger:
    def gensio_log(self, level, log):
        print("LOG %s: %s" % (level, log), flush=True)


o = gensio.alloc_gensio_selector(Logger())
W = gensio.waiter(o)
KEEP = []  # the bindings close a gensio whose Python object is collected: keep every one alive


def run_until(cond, timeout=30.0):
    end = time.time() + timeout
    while not cond():
        if time.time() > end:
            raise Exception("timeout")
        W.service(10)


class Handler:
    """What every channel handler here shares: the read error it ended with, and whether it closed."""
    def __init__(self):
        self.closed = False
        self.err = None

    def read_failed(self, io, err):
        """True (and reading stops) when a read callback reports an error instead of data."""
        if err:
            self.err = err
            io.read_cb_enable(False)
        return bool(err)

    def close_done(self, io):
        self.closed = True


class Echo(Handler):
    """Echoes what it reads; pauses reading while its writes are refused (back-pressure)."""
    def __init__(self, name):
        super().__init__()
        self.name = name

    def read_callback(self, io, err, buf, auxdata):
        if self.read_failed(io, err):
            return 0
        n = io.write(buf, None)
        if n < len(buf):
            io.read_cb_enable(False)
            io.write_cb_enable(True)
        return n

    def write_callback(self, io):
        io.write_cb_enable(False)
        io.read_cb_enable(True)

    def new_channel(self, io, new_io, auxdata):
        print("new channel %s" % auxdata, flush=True)
        h = Echo(self.name + "+")
        new_io.set_cbs(h)
        new_io.handler = h
        KEEP.append(new_io)
        new_io.read_cb_enable(True)
        return 0


class Acc:
    def new_connection(self, acc, io):
        h = Echo("first")
        io.set_cbs(h)
        io.handler = h
        KEEP.append(io)
        io.read_cb_enable(True)
        try:
            svc = io.control(0, gensio.GENSIO_CONTROL_GET, gensio.GENSIO_CONTROL_SERVICE, "")
        except Exception as e:  # no service on this channel
            svc = "<%s>" % e
        print("new connection service=%r" % svc, flush=True)

    def accepter_log(self, acc, level, logstr):
        print("ACCLOG %s: %s" % (level, logstr), flush=True)

    # certauth server events: GE_NOTSUP = "no opinion", gensio then checks the certificate against CA=
    def auth_begin(self, acc, io):
        return gensio.GE_NOTSUP

    def precert_verify(self, acc, io):
        return gensio.GE_NOTSUP

    def postcert_verify(self, acc, io, err, errstr):
        print("postcert_verify err=%s" % err, flush=True)
        return gensio.GE_NOTSUP

    def password_verify(self, acc, io, password):
        return gensio.GE_NOTSUP


class Sender(Handler):
    """Writes data (as the peer takes it) and collects what comes back."""
    def __init__(self, data):
        super().__init__()
        self.data = data
        self.sent = 0
        self.got = bytearray()

    def read_callback(self, io, err, buf, auxdata):
        if self.read_failed(io, err):
            return 0
        self.got += buf
        return len(buf)

    def write_callback(self, io):
        if self.sent < len(self.data):
            self.sent += io.write(self.data[self.sent:self.sent + 65536], None)
        if self.sent >= len(self.data):
            io.write_cb_enable(False)

    def new_channel(self, io, new_io, auxdata):
        return gensio.GE_NOTSUP

    def open_done(self, io, err):
        pass


def server(stack):
    acc = gensio.gensio_accepter(o, stack, Acc())
    acc.startup()
    print("ready", flush=True)
    while True:
        W.service(1000)


def client(stack, n):
    a = bytes((i * 7 + 1) & 0xff for i in range(n))
    b = bytes((i * 13 + 5) & 0xff for i in range(n))
    h1 = Sender(a)
    io = gensio.gensio(o, stack, h1)
    io.handler = h1
    io.open_s()
    h2 = Sender(b)
    io2 = io.alloc_channel(["service=svc2"], h2)
    io2.handler = h2
    io2.open_s()
    for x in (io, io2):
        x.read_cb_enable(True)
        x.write_cb_enable(True)
    run_until(lambda: len(h1.got) >= n and len(h2.got) >= n)
    if bytes(h1.got) != a or bytes(h2.got) != b:
        print("MISMATCH", flush=True)
        sys.exit(1)
    io2.close(h2)
    run_until(lambda: h2.closed)
    io.close(h1)
    run_until(lambda: h1.closed)
    print("ok", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(sys.argv[2])
    else:
        client(sys.argv[2], int(sys.argv[3]))
