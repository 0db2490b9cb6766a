package org.jgtlssh.gensio.ssl;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * CompletableFuture helpers on virtual threads. The common ForkJoin pool has one worker on a 2-core
 * machine, and the two ends of a handshake block on I/O: run there, they would wait for each other.
 */
public final class Async {
    private static final ExecutorService EXEC = Executors.newVirtualThreadPerTaskExecutor();

    private Async() {}

    public static <T> CompletableFuture<T> supply(Supplier<T> s) {
        return CompletableFuture.supplyAsync(s, EXEC);
    }

    public static CompletableFuture<Void> run(Runnable r) {
        return CompletableFuture.runAsync(r, EXEC);
    }
}
