package org.jgtlssh.jgensiot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jgtlssh.testutil.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SerialdevTempDirTest} through the launcher a user runs ({@code bin/jgensiot}, after
 * {@code mvn package}): opening a serial line leaves an empty {@code java.io.tmpdir} and {@code TMPDIR}
 * empty, because the launcher points jSerialComm at the build's native library.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a blocked read of the pty fails, not hangs
class SerialdevTempDirIT {
    @TempDir
    Path dir;

    @Test
    void theLauncherLeavesTheTempDirectoryEmpty() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        SerialdevTempDirTest.exchangeOverASerialLine(dir, tmp,
                line -> List.of(TestPaths.bin("jgensiot").toString(), "serialdev," + line + ",115200n81"),
                Map.of("TMPDIR", tmp.toString(), "JGTLSSH_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp));
        assertEquals(List.of(), SerialdevTempDirTest.contents(tmp), "left in java.io.tmpdir");
    }
}
