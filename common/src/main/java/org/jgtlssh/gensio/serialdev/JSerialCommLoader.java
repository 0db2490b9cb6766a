package org.jgtlssh.gensio.serialdev;

/**
 * Loads jSerialComm's {@code SerialPort} class once, so that its static initializer does not create a
 * world-writable {@code /tmp/jSerialComm/<version>} directory. jSerialComm 2.11.4 makes that directory
 * (mode 0777, following symlinks) under {@code java.io.tmpdir} at class load even when
 * {@code jSerialComm.library.path} tells it where its native library is. While the class loads,
 * {@code java.io.tmpdir} points into that library directory (the build output), which is ours; it is
 * put back right after. Without a library path the property is left alone. An empty library path is
 * removed first (jSerialComm would read it as the file system's root and make {@code /jSerialComm}), and
 * one that is not a directory is refused rather than letting jSerialComm extract somewhere unexpected.
 */
final class JSerialCommLoader {
    private static boolean loaded;

    private JSerialCommLoader() {}

    static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        String libraryPath = System.getProperty("jSerialComm.library.path");
        if (libraryPath != null && libraryPath.isBlank()) {
            System.clearProperty("jSerialComm.library.path");
            libraryPath = null;
        }
        if (libraryPath != null && !new java.io.File(libraryPath).isDirectory()) {
            throw new IllegalStateException("jSerialComm.library.path=" + libraryPath + " is not a directory");
        }
        String tmp = System.getProperty("java.io.tmpdir");
        try {
            if (libraryPath != null) {
                System.setProperty("java.io.tmpdir", libraryPath);
            }
            Class.forName("com.fazecast.jSerialComm.SerialPort", true, JSerialCommLoader.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("jSerialComm is missing from the class path", e);
        } finally {
            if (tmp != null) {
                System.setProperty("java.io.tmpdir", tmp);
            }
        }
        loaded = true;
    }
}
