/**
 * {@code jgtlssh-keygen}: one picocli command tree ({@link org.jgtlssh.keygen.JgtlsshKeygen}) with a
 * {@code Callable<Integer>} per subcommand — keygen, setup, rehash, addallow, pushcert, enroll, serverkey,
 * fingerprint, list — over the key and file helpers of {@code org.jgtlssh.keys}. Exit statuses are mapped
 * in {@code ExitCodes} only; what the tool takes from the environment (stdin, home, user and host name,
 * the login client, the clock) comes in one {@code KeygenEnvironment} so that tests run it in-process.
 *
 * <p>Start-up is part of the product: making a key loads only JDK providers (SunEC, SunRsaSign) and no
 * Bouncy Castle class (no provider creation, no signed-jar verification).
 */
package org.jgtlssh.keygen;
