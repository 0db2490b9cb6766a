package org.jgtlssh.testutil;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and ../shared are, as the build passes them to the tests. */
public final class TestPaths {
    private TestPaths() {}

    /** The repository root (the directory of the top-level pom.xml). */
    public static Path root() {
        String p = System.getProperty("jgtlssh.root");
        Path r = p != null ? Path.of(p) : Path.of("").toAbsolutePath();
        while (r != null && !Files.exists(r.resolve("common/pom.xml"))) {
            r = r.getParent();
        }
        if (r == null) {
            throw new IllegalStateException("cannot find the repository root (run the tests through Maven)");
        }
        return r;
    }

    /** ../shared beside the checkout: specs, vectors, lossy-link.py. */
    public static Path shared() {
        String p = System.getProperty("jgtlssh.shared");
        Path s = p != null ? Path.of(p).normalize() : root().resolveSibling("shared");
        if (!Files.isDirectory(s.resolve("spec"))) {
            throw new IllegalStateException("../shared not found at " + s);
        }
        return s;
    }

    public static Path vectors() {
        return shared().resolve("spec/vectors");
    }

    /** The launcher scripts in bin/ (jgensiot, jgtlssh, jgtlsshd, jgtlssh-keygen). */
    public static Path bin(String program) {
        return root().resolve("bin").resolve(program);
    }
}
