/**
 * Keys, certificates and the {@code ~/.gtlssh} trust files, shared by the client, the server and
 * {@code jgtlssh-keygen}.
 *
 * <ul>
 *   <li>{@link org.jgtlssh.keys.KeyAlgorithm} and {@link org.jgtlssh.keys.SelfSignedCertificates} make key
 *       pairs and certificates as {@code gtlssh-keygen} does (JDK providers only, no Bouncy Castle);
 *   <li>{@link org.jgtlssh.keys.PemWriter} writes them as OpenSSL-readable PEM
 *       (reading PEM is {@code Pem}'s job);
 *   <li>{@link org.jgtlssh.keys.SubjectHash} and {@link org.jgtlssh.keys.HashedDirectory} make OpenSSL's
 *       hashed-directory links ({@code server_certs/}, {@code allowed_certs/});
 *   <li>{@link org.jgtlssh.keys.GtlsshDir}, {@link org.jgtlssh.keys.SafeNames} and
 *       {@link org.jgtlssh.keys.SecureFiles} lay out, check and write the files without ever exposing a
 *       key or writing outside the directory;
 *   <li>{@link org.jgtlssh.keys.Fingerprints} prints SHA-256 and gtlssh's SHA-1 fingerprints.
 * </ul>
 */
package org.jgtlssh.keys;
