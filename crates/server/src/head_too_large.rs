//! The one answer actix-http writes by itself: a request head over its fixed 128 KiB buffer
//! (a 200 KB query string) gets `431` with an empty body, before any of our code runs and
//! with no hook to change it. This wraps each connection's stream and, when actix writes
//! that response, writes ours instead: the same status with the JSON error shape and the
//! headers every answer carries. Nothing else we send is ever a 431, so the status line
//! alone identifies it; every other byte passes through untouched.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

const STATUS_LINE: &[u8] = b"HTTP/1.1 431 ";

/// The response written in place of actix's bare 431 (the connection closes after it).
fn answer() -> Vec<u8> {
    let body = serde_json::to_string(&domain::ApiErrorBody::new(
        domain::ErrorCode::BadRequest,
        "The request's address and headers are too long (at most 128 KiB together).",
    ))
    .unwrap_or_default();
    let mut out = format!(
        "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\nx-content-type-options: nosniff\r\nx-frame-options: DENY\r\n\
         content-security-policy: default-src 'none'; frame-ancestors 'none'\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// A connection's stream, answering actix's own 431 in the error shape.
pub struct JsonTooLarge<T> {
    io: T,
    /// Our answer while it is being written, and how much of it is out.
    replacing: Option<(Vec<u8>, usize)>,
}

impl<T> JsonTooLarge<T> {
    pub fn new(io: T) -> Self {
        Self { io, replacing: None }
    }
}

impl<T: AsyncWrite + Unpin> JsonTooLarge<T> {
    /// Writes what is left of our answer; ready once all of it is out.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, done)) = &mut self.replacing {
            if *done == bytes.len() {
                break;
            }
            match Pin::new(&mut self.io).poll_write(cx, &bytes[*done..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => *done += n,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for JsonTooLarge<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for JsonTooLarge<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.replacing.is_some() {
            // actix's own 431 (and anything after it, before the close) is swallowed: ours
            // stands in for it.
            return match self.drain(cx) {
                Poll::Ready(Ok(())) => Poll::Ready(Ok(buf.len())),
                Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
                Poll::Pending => Poll::Pending,
            };
        }
        if buf.starts_with(STATUS_LINE) {
            self.replacing = Some((answer(), 0));
            return self.poll_write(cx, buf);
        }
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.drain(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut self.io).poll_flush(cx),
            other => other,
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.drain(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut self.io).poll_shutdown(cx),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    #[tokio::test]
    async fn the_bare_431_becomes_the_error_shape_and_the_rest_passes_through() {
        let mut out = JsonTooLarge::new(Vec::new());
        out.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok").await.unwrap();
        out.flush().await.unwrap();
        assert_eq!(out.io, b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");

        let mut out = JsonTooLarge::new(Vec::new());
        out.write_all(b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n").await.unwrap();
        out.flush().await.unwrap();
        let text = String::from_utf8(out.io).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 431 ") && head.contains("content-type: application/json"), "{head}");
        assert!(head.contains(&format!("content-length: {}", body.len())), "{head}");
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["error"], "bad_request");
    }
}
