/**
 * The {@code certauth} layer: gensio's certificate/password authentication exchange
 * (spec/certauth.md), wire-compatible with gensio 2.6.2 in both roles and stricter than it (no MD5
 * versions, every requested factor required, one "authenticated or refused" result, deadline, bounded
 * decoder, uniform refusals), plus channel binding to the TLS exporter when both ends are ours
 * (docs/protocol-extensions.md, "certauth channel binding"). Policies are one-method interfaces passed as
 * {@link org.jgtlssh.gensio.OpenContext} attributes, keyed in {@link org.jgtlssh.gensio.certauth.Certauth}.
 */
package org.jgtlssh.gensio.certauth;
