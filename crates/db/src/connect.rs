//! Opening the server's connections ourselves, so that no wait on PostgreSQL is unbounded.
//!
//! Two bounds, for two kinds of trouble:
//! - **A slow statement** (a lock held by someone else, a plan gone wrong): PostgreSQL's own
//!   `statement_timeout`, sent in the start-up packet (no extra round trip). The server
//!   cancels the statement and the connection stays usable.
//! - **A server that does not answer at all** (frozen with SIGSTOP, a host that vanished
//!   without closing the connection): `statement_timeout` cannot fire then, and the driver
//!   would wait forever. Every connection's socket is wrapped in [`Watched`], which counts
//!   the requests the driver sends (each ends with Sync or is a simple Query) and the
//!   ReadyForQuery messages that answer them; when an answer is due and nothing at all has
//!   arrived for [`NO_ANSWER`], the socket fails. The driver then fails every statement in
//!   flight on it as a closed connection ("database unavailable", 503) and the pool throws
//!   the connection away.
//!
//! `NO_ANSWER` is longer than `statement_timeout`, so a merely slow statement is cancelled
//! by the server (keeping the connection) before the watch gives up on the connection.

use diesel::ConnectionError;
use diesel_async::AsyncPgConnection;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};
use tokio_postgres::NoTls;
use tokio_postgres::config::Host;

/// PostgreSQL cancels a statement that runs longer than this.
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(5);
/// A connection whose server sends nothing for this long while an answer is due is dead.
pub const NO_ANSWER: Duration = Duration::from_secs(7);

/// Opens a connection to `url` with both bounds in place (see the module's documentation).
pub async fn establish(url: &str) -> Result<AsyncPgConnection, ConnectionError> {
    let mut config: tokio_postgres::Config =
        url.parse().map_err(|e: tokio_postgres::Error| ConnectionError::BadConnection(e.to_string()))?;
    // Appended to the URL's own `options`, if it has any: ours come last and win.
    let options =
        format!("{} -c statement_timeout={}", config.get_options().unwrap_or_default(), STATEMENT_TIMEOUT.as_millis());
    config.options(options.trim_start());
    let bad = |e: io::Error| ConnectionError::BadConnection(format!("cannot reach PostgreSQL: {e}"));
    match open_socket(&config).await.map_err(bad)? {
        Socket::Unix(s) => finish(&config, s).await,
        Socket::Tcp(s) => finish(&config, s).await,
    }
}

enum Socket {
    Unix(tokio::net::UnixStream),
    Tcp(tokio::net::TcpStream),
}

/// The first host of the URL that accepts a connection (as libpq tries them in order).
async fn open_socket(config: &tokio_postgres::Config) -> io::Result<Socket> {
    let hosts = config.get_hosts();
    let ports = config.get_ports();
    let port = |i: usize| ports.get(i).or(ports.first()).copied().unwrap_or(5432);
    let mut last = io::Error::new(io::ErrorKind::InvalidInput, "the database URL names no host");
    for (i, host) in hosts.iter().enumerate() {
        let attempt = match host {
            Host::Unix(dir) => {
                tokio::net::UnixStream::connect(dir.join(format!(".s.PGSQL.{}", port(i)))).await.map(Socket::Unix)
            }
            Host::Tcp(name) => {
                let stream = match config.get_hostaddrs().get(i) {
                    Some(addr) => tokio::net::TcpStream::connect((*addr, port(i))).await,
                    None => tokio::net::TcpStream::connect((name.as_str(), port(i))).await,
                };
                // As the driver does itself: statements are small writes answered at once.
                stream.and_then(|s| s.set_nodelay(true).map(|()| Socket::Tcp(s)))
            }
        };
        match attempt {
            Ok(socket) => return Ok(socket),
            Err(e) => last = e,
        }
    }
    Err(last)
}

async fn finish<S>(config: &tokio_postgres::Config, socket: S) -> Result<AsyncPgConnection, ConnectionError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (client, connection) = config
        .connect_raw(Watched::new(socket, NO_ANSWER), NoTls)
        .await
        .map_err(|e| ConnectionError::BadConnection(e.to_string()))?;
    // The driver's half runs on this thread's runtime, as diesel-async's own `establish`
    // does it; it ends when the client is dropped or the socket fails.
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::debug!(error = %e, "a PostgreSQL connection ended");
        }
    });
    AsyncPgConnection::try_from(client).await
}

/// A socket that fails when PostgreSQL owes an answer and has sent nothing for `limit`.
pub struct Watched<S> {
    inner: S,
    limit: Duration,
    /// Runs while an answer is due; pushed back by every byte received.
    timer: Pin<Box<Sleep>>,
    /// Requests sent whose ReadyForQuery has not arrived.
    awaiting: usize,
    sent: Framer,
    received: Framer,
}

impl<S> Watched<S> {
    pub fn new(inner: S, limit: Duration) -> Self {
        Self {
            inner,
            limit,
            timer: Box::pin(tokio::time::sleep(limit)),
            awaiting: 0,
            // The client's first message (start-up) has no type byte; the server's all do.
            sent: Framer::new(false),
            received: Framer::new(true),
        }
    }

    /// Restarts the wait and makes sure this task is woken when it runs out.
    fn rearm(&mut self, cx: &mut Context<'_>) {
        self.timer.as_mut().reset(Instant::now() + self.limit);
        let _ = self.timer.as_mut().poll(cx);
    }

    /// Whether an answer is due and the wait has run out (registers the wake-up otherwise).
    fn expired(&mut self, cx: &mut Context<'_>) -> bool {
        self.awaiting > 0 && self.timer.as_mut().poll(cx).is_ready()
    }

    fn no_answer(&self) -> io::Error {
        io::Error::new(io::ErrorKind::TimedOut, format!("PostgreSQL sent no answer for {:?}", self.limit))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let fresh = &buf.filled()[before..];
                if !fresh.is_empty() {
                    let mut answered = 0;
                    this.received.feed(fresh, |kind| answered += usize::from(kind == b'Z'));
                    this.awaiting = this.awaiting.saturating_sub(answered);
                    if this.awaiting > 0 {
                        this.rearm(cx);
                    }
                }
                Poll::Ready(Ok(()))
            }
            Poll::Pending if this.expired(cx) => Poll::Ready(Err(this.no_answer())),
            other => other,
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_write(cx, data) {
            Poll::Ready(Ok(n)) => {
                let mut requests = 0;
                // Start-up (type 0), a simple Query and a Sync are each answered by one
                // ReadyForQuery.
                this.sent.feed(&data[..n], |kind| requests += usize::from(matches!(kind, 0 | b'Q' | b'S')));
                if requests > 0 {
                    if this.awaiting == 0 {
                        this.rearm(cx);
                    }
                    this.awaiting += requests;
                }
                Poll::Ready(Ok(n))
            }
            Poll::Pending if this.expired(cx) => Poll::Ready(Err(this.no_answer())),
            other => other,
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Finds message boundaries in one direction of the protocol: each message is a type byte
/// (absent on the client's start-up message) and a 4-byte length that counts itself.
#[derive(Debug)]
struct Framer {
    typed: bool,
    header: [u8; 5],
    have: usize,
    /// Bytes of the current message's body still to skip.
    remaining: usize,
}

impl Framer {
    fn new(typed: bool) -> Self {
        Self { typed, header: [0; 5], have: 0, remaining: 0 }
    }

    /// Reads `bytes` and calls `seen` with the type of every message that starts in them
    /// (0 for the untyped start-up message).
    fn feed(&mut self, mut bytes: &[u8], mut seen: impl FnMut(u8)) {
        while !bytes.is_empty() {
            if self.remaining > 0 {
                let skip = self.remaining.min(bytes.len());
                self.remaining -= skip;
                bytes = &bytes[skip..];
                continue;
            }
            let need = if self.typed { 5 } else { 4 };
            let take = (need - self.have).min(bytes.len());
            self.header[self.have..self.have + take].copy_from_slice(&bytes[..take]);
            self.have += take;
            bytes = &bytes[take..];
            if self.have == need {
                let (kind, len) =
                    if self.typed { (self.header[0], &self.header[1..5]) } else { (0, &self.header[0..4]) };
                let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
                self.remaining = len.saturating_sub(4);
                self.have = 0;
                self.typed = true;
                seen(kind);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(kind: u8, body: &[u8]) -> Vec<u8> {
        let mut m = vec![kind];
        m.extend_from_slice(&(body.len() as u32 + 4).to_be_bytes());
        m.extend_from_slice(body);
        m
    }

    #[test]
    fn frames_are_found_however_the_bytes_are_cut() {
        let mut stream = Vec::new();
        stream.extend_from_slice(&12u32.to_be_bytes()); // start-up: length 12, 8 bytes of body
        stream.extend_from_slice(&[1; 8]);
        for (kind, body) in [(b'P', &b"select 1"[..]), (b'B', b""), (b'E', b"\0\0\0\0"), (b'S', b""), (b'Q', b"x")] {
            stream.extend(message(kind, body));
        }
        for cut in 1..stream.len() {
            let mut framer = Framer::new(false);
            let mut kinds = Vec::new();
            for chunk in stream.chunks(cut) {
                framer.feed(chunk, |k| kinds.push(k));
            }
            assert_eq!(kinds, vec![0, b'P', b'B', b'E', b'S', b'Q'], "chunks of {cut}");
        }
    }

    /// The watch over a pair of in-memory pipes: a request that gets no answer fails the
    /// socket after the limit; an answered one does not, however long the socket idles.
    #[tokio::test(start_paused = true)]
    async fn an_owed_answer_that_never_comes_fails_the_socket() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (client, mut server) = tokio::io::duplex(1024);
        let mut watched = Watched::new(client, Duration::from_secs(7));
        watched
            .write_all(&{
                let mut startup = 8u32.to_be_bytes().to_vec();
                startup.extend_from_slice(&[0; 4]);
                startup
            })
            .await
            .unwrap();
        let mut buf = [0u8; 64];
        server.read_exact(&mut buf[..8]).await.unwrap(); // the start-up message
        server.write_all(&message(b'Z', b"I")).await.unwrap();
        assert_eq!(watched.read(&mut buf).await.unwrap(), 6, "the answer arrives");
        // Idle with nothing owed: no failure, however long.
        let idle = tokio::time::timeout(Duration::from_secs(60), watched.read(&mut buf)).await;
        assert!(idle.is_err(), "still waiting after a minute of idling");
        // A query the server never answers.
        watched.write_all(&message(b'Q', b"select 1\0")).await.unwrap();
        let started = Instant::now();
        let err = watched.read(&mut buf).await.expect_err("no answer");
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert_eq!(started.elapsed().as_secs(), 7);
    }
}
