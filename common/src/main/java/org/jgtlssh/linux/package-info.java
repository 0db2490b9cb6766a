/** Linux system calls through JNA, for the features that have no Java API (see {@link org.jgtlssh.linux.LinuxLibc}). */
package org.jgtlssh.linux;
