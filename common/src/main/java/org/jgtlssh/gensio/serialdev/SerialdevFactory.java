package org.jgtlssh.gensio.serialdev;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.jgtlssh.gensio.Gensio;
import org.jgtlssh.gensio.LayerFactory;
import org.jgtlssh.gensio.OpenContext;
import org.jgtlssh.gensio.stack.LayerSpec;
import org.jgtlssh.gensio.stack.StackSyntaxException;

/**
 * Registers {@code serialdev} (connector only, as in gensio; use {@code conacc,serialdev,...} to
 * accept). The lock directory is {@code /var/lock}, or the system property {@code jgtlssh.lockdir}.
 */
public final class SerialdevFactory implements LayerFactory {
    @Override
    public String name() {
        return "serialdev";
    }

    @Override
    public boolean isFilter() {
        return false;
    }

    @Override
    public Set<String> optionKeys() {
        return SerialdevConfig.KEYS;
    }

    @Override
    public void validate(LayerSpec spec, boolean accepter) throws StackSyntaxException {
        if (accepter) {
            throw new StackSyntaxException("serialdev cannot accept; use conacc,serialdev,...", -1);
        }
        SerialdevConfig.parse(spec);
    }

    @Override
    public Gensio connect(LayerSpec spec, OpenContext ctx) throws IOException {
        return SerialdevGensio.open(SerialdevConfig.parse(spec), lockDir());
    }

    static Path lockDir() {
        return Path.of(System.getProperty("jgtlssh.lockdir", "/var/lock"));
    }
}
