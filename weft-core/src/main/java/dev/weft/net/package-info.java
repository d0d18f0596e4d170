/**
 * Networking on the event loop: TCP and Unix domain socket streams and servers, UDP endpoints, at
 * two levels, as asyncio's streams ({@code asyncio/streams.py}) over its protocols and transports
 * ({@code protocols.py}, {@code transports.py}, {@code selector_events.py}). Start at {@link dev.weft.net.Net}.
 *
 * <h2>Streams (a task reads and writes)</h2>
 * <table class="striped">
 * <caption>Streams and their asyncio counterparts</caption>
 * <thead><tr><th>Weft</th><th>asyncio</th></tr></thead>
 * <tbody>
 * <tr><td>{@link dev.weft.net.Net#openConnection Net.openConnection}</td><td>{@code asyncio.open_connection}</td></tr>
 * <tr><td>{@link dev.weft.net.Net#startServer Net.startServer}</td><td>{@code asyncio.start_server}</td></tr>
 * <tr><td>{@link dev.weft.net.Net#openUnixConnection Net.openUnixConnection}</td><td>{@code asyncio.open_unix_connection}</td></tr>
 * <tr><td>{@link dev.weft.net.Net#startUnixServer Net.startUnixServer}</td><td>{@code asyncio.start_unix_server}</td></tr>
 * <tr><td>{@link dev.weft.net.Connection}</td><td>the {@code (reader, writer)} tuple</td></tr>
 * <tr><td>{@link dev.weft.net.ClientHandler}</td><td>{@code client_connected_cb}</td></tr>
 * <tr><td>{@link dev.weft.net.StreamReader}</td><td>{@code StreamReader}</td></tr>
 * <tr><td>{@link dev.weft.net.StreamWriter}</td><td>{@code StreamWriter}</td></tr>
 * <tr><td>{@link dev.weft.net.StreamWriter#startTls StreamWriter.startTls}, {@link dev.weft.net.StreamWriter#startTlsServer startTlsServer}</td><td>{@code StreamWriter.start_tls}</td></tr>
 * <tr><td>{@link dev.weft.net.IncompleteReadException}</td><td>{@code IncompleteReadError}</td></tr>
 * <tr><td>{@link dev.weft.net.LimitOverrunException}</td><td>{@code LimitOverrunError} (and readline's {@code ValueError})</td></tr>
 * </tbody>
 * </table>
 *
 * <h2>Protocols and transports (the loop calls back; no task switch per read)</h2>
 * <table class="striped">
 * <caption>Protocols and transports and their asyncio counterparts</caption>
 * <thead><tr><th>Weft</th><th>asyncio</th></tr></thead>
 * <tbody>
 * <tr><td>{@link dev.weft.net.Net#createConnection Net.createConnection}</td><td>{@code loop.create_connection}</td></tr>
 * <tr><td>{@link dev.weft.net.Net#createServer Net.createServer}</td><td>{@code loop.create_server}</td></tr>
 * <tr><td>{@link dev.weft.net.Net#createUnixConnection Net.createUnixConnection}</td><td>{@code loop.create_unix_connection}</td></tr>
 * <tr><td>{@link dev.weft.net.Net#createUnixServer Net.createUnixServer}</td><td>{@code loop.create_unix_server}</td></tr>
 * <tr><td>{@link dev.weft.net.Net#createDatagramEndpoint Net.createDatagramEndpoint}</td><td>{@code loop.create_datagram_endpoint}</td></tr>
 * <tr><td>{@link dev.weft.net.BaseProtocol}</td><td>{@code BaseProtocol}</td></tr>
 * <tr><td>{@link dev.weft.net.Protocol}</td><td>{@code Protocol}</td></tr>
 * <tr><td>{@link dev.weft.net.DatagramProtocol}</td><td>{@code DatagramProtocol}</td></tr>
 * <tr><td>{@link dev.weft.net.Transport}</td><td>{@code Transport} ({@code ReadTransport} + {@code WriteTransport})</td></tr>
 * <tr><td>{@link dev.weft.net.DatagramTransport}</td><td>{@code DatagramTransport}</td></tr>
 * <tr><td>{@link dev.weft.net.Server}</td><td>{@code Server}</td></tr>
 * <tr><td>{@link dev.weft.net.Net#startTls Net.startTls}</td><td>{@code loop.start_tls}</td></tr>
 * <tr><td>{@link dev.weft.net.Transport#sslSession Transport.sslSession}</td><td>{@code get_extra_info("ssl_object")}</td></tr>
 * </tbody>
 * </table>
 *
 * <h2>Options</h2>
 * {@link dev.weft.net.ConnectOptions}, {@link dev.weft.net.ServerOptions} and
 * {@link dev.weft.net.DatagramOptions} are the keyword arguments of the asyncio calls above
 * ({@code limit}, {@code backlog}, {@code reuse_address}, {@code reuse_port},
 * {@code start_serving}, {@code allow_broadcast}, {@code local_addr}) plus a connect timeout.
 *
 * <h2>Services: deadlines, socket options, given sockets</h2>
 * <table class="striped">
 * <caption>Service options and their asyncio, Netty or Go counterparts</caption>
 * <thead><tr><th>Weft</th><th>counterpart</th></tr></thead>
 * <tbody>
 * <tr><td>{@code withReadTimeout}, {@code withWriteTimeout}, {@code withIdleTimeout}</td><td>Netty {@code ReadTimeoutHandler}, {@code WriteTimeoutHandler}, {@code IdleStateHandler}</td></tr>
 * <tr><td>{@code withFirstByteTimeout}</td><td>Go {@code http.Server.ReadHeaderTimeout} (for the first byte)</td></tr>
 * <tr><td>{@link dev.weft.net.Server#close(java.time.Duration) Server.close(grace)}</td><td>{@code server.close()} + {@code close_clients()}, then {@code abort_clients()} at the deadline</td></tr>
 * <tr><td>{@code withKeepAlive}, {@code withBufferSizes}, {@code withLinger}, {@code withNoDelay}</td><td>{@code keep_alive=}, SO_SNDBUF/SO_RCVBUF, SO_LINGER, TCP_NODELAY (on by default, as asyncio)</td></tr>
 * <tr><td>{@link dev.weft.net.ServerOptions#DEFAULT_BACKLOG}</td><td>the system's maximum, as Netty and Go (asyncio: 100)</td></tr>
 * <tr><td>{@code Net.createServer(factory, serverSocketChannel, options)}, {@code Net.createConnection(factory, socketChannel, options)}</td><td>{@code sock=}</td></tr>
 * <tr><td>{@link dev.weft.net.ConnectOptions#withHappyEyeballsDelay withHappyEyeballsDelay}</td><td>{@code happy_eyeballs_delay=} (RFC 8305)</td></tr>
 * </tbody>
 * </table>
 * Past a deadline the connection is aborted and its next read or drain throws
 * {@link java.net.SocketTimeoutException} naming the peer. Bad values (a zero or negative deadline,
 * a negative buffer size, a linger that is not whole seconds in 0..65535, a given channel that is
 * closed, unbound or unconnected) throw {@link java.lang.IllegalArgumentException} saying what was
 * expected.
 *
 * <h2>TLS</h2>
 * <table class="striped">
 * <caption>TLS and its asyncio counterparts</caption>
 * <thead><tr><th>Weft</th><th>asyncio</th></tr></thead>
 * <tbody>
 * <tr><td>{@link dev.weft.net.ConnectOptions#withTls ConnectOptions.withTls(sslContext)}, {@link dev.weft.net.ServerOptions#withTls ServerOptions.withTls}</td><td>{@code ssl=context}</td></tr>
 * <tr><td>{@link dev.weft.net.ConnectOptions#withServerHostname withServerHostname}</td><td>{@code server_hostname=}</td></tr>
 * <tr><td>{@link dev.weft.net.ConnectOptions#withVerifyHostname withVerifyHostname(false)}</td><td>{@code context.check_hostname = False}</td></tr>
 * <tr><td>{@link dev.weft.net.ConnectOptions#withHandshakeTimeout withHandshakeTimeout}</td><td>{@code ssl_handshake_timeout=}</td></tr>
 * <tr><td>{@link dev.weft.net.Net#startTls Net.startTls}, {@link dev.weft.net.StreamWriter#startTls StreamWriter.startTls}</td><td>{@code loop.start_tls}, {@code StreamWriter.start_tls}</td></tr>
 * <tr><td>{@link dev.weft.net.ConnectOptions#withSslParameters withSslParameters} (protocols, ciphers, ALPN, need/want client auth, SNI)</td><td>{@code SSLContext.set_alpn_protocols}, {@code verify_mode = CERT_REQUIRED}, {@code minimum_version}, {@code set_ciphers}, {@code sni_callback}</td></tr>
 * <tr><td>{@link dev.weft.net.Transport#applicationProtocol Transport.applicationProtocol}</td><td>{@code ssl_object.selected_alpn_protocol()}</td></tr>
 * <tr><td>{@link dev.weft.net.ConnectOptions#withCheckCertificateDates withCheckCertificateDates} (on by default)</td><td>OpenSSL's date check of every certificate, the trust anchor included</td></tr>
 * <tr><td>{@link javax.net.ssl.SSLHandshakeException} naming {@code host:port}</td><td>{@code ssl.SSLCertVerificationError} and friends</td></tr>
 * </tbody>
 * </table>
 * The TLS layer is an {@link javax.net.ssl.SSLEngine} between the socket transport and the
 * application protocol, as asyncio's {@code sslproto.py}. TLS transports do not half-close
 * ({@code canWriteEof()} is false); {@code close()} sends close_notify.
 *
 * <h2>Rules shared by the package</h2>
 * <ul>
 *   <li>Every method that may wait must be called from a task of the loop; it is a suspension point
 *       (it may throw {@link dev.weft.CancelledError}) and leaves nothing open when cancelled.
 *       Everything else is non-blocking and loop-thread only.
 *   <li>I/O errors are {@link java.io.IOException}s: {@link java.net.ConnectException} naming
 *       {@code host:port}, {@link java.net.SocketException} "Connection reset by peer {@code host:port}" (for
 *       every reset, whether a read, a write or a drain saw it), {@link java.io.EOFException}
 *       ({@link dev.weft.net.IncompleteReadException}) and so on.
 *   <li>Name resolution never blocks the loop: literal addresses are parsed, names are looked up on
 *       virtual threads.
 *   <li>A socket's file descriptor is released as soon as its transport is closed (at the loop's
 *       next select), even if the loop stops before its {@code connectionLost} callback runs.
 * </ul>
 *
 * <h2>Differences from asyncio</h2>
 * No {@code BufferedProtocol} (the {@code dataReceived} buffer is already the loop's own, copied by
 * nobody). Happy eyeballs is on by default (250 ms). The default backlog is the system's maximum.
 * An expired pinned certificate is refused, as OpenSSL refuses it.
 */
package dev.weft.net;
