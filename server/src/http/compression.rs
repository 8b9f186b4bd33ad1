//! Compression per response, for what the page cache does not answer:
//! signed-in readers' pages, server fns, pages with the cache off.
//!
//! Brotli (the C library, see `encoding`), gzip at level 4 for browsers
//! without it. The body is compressed as it streams: what the app has
//! produced is flushed to the reader whenever the app pauses, so a page
//! still streams, and a page rendered in one go (our routes use
//! `SsrMode::Async`) is compressed as one stream, the smallest and the
//! cheapest.
//!
//! Brotli's quality follows the load. With the cores to spare, quality 5:
//! on an article page (26.6 KB) it saves the reader about 470 bytes
//! against quality 4 for about 100 µs more, which a phone on a slow
//! network would wait far longer for. When more responses are being made
//! than there are cores, each one's CPU time delays all the others, so
//! quality 3: about 185 µs instead of 370 µs (quality 4) for about 6%
//! more bytes. Measured on this 2-core machine with the C library 1.0.9.

use std::io::Write;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};

use super::encoding::{self, Encoding};

const BROTLI_QUALITY_IDLE: u8 = 5;
const BROTLI_QUALITY_BUSY: u8 = 3;
const BROTLI_WINDOW: u8 = 22;
const GZIP_LEVEL: u32 = 4;

/// How many responses are being made right now (from the request to the
/// last compressed byte), against how many the cores can make at once.
#[derive(Debug)]
pub struct Load {
    in_flight: AtomicUsize,
    cores: usize,
}

impl Load {
    pub fn new() -> Arc<Load> {
        Load::with_cores(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    fn with_cores(cores: usize) -> Arc<Load> {
        Arc::new(Load {
            in_flight: AtomicUsize::new(0),
            cores,
        })
    }

    /// Counts one response until the returned guard is dropped.
    fn enter(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(Arc::clone(self))
    }

    /// More responses under way than cores, this one included.
    fn busy(&self) -> bool {
        self.in_flight.load(Ordering::Relaxed) > self.cores
    }

    fn brotli_quality(&self) -> u8 {
        if self.busy() {
            BROTLI_QUALITY_BUSY
        } else {
            BROTLI_QUALITY_IDLE
        }
    }
}

/// One response under way; dropped when its body has been sent (or given up).
struct InFlight(Arc<Load>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

pub async fn layer(State(load): State<Arc<Load>>, request: Request, next: Next) -> Response {
    let encoding = Encoding::negotiate(request.headers());
    let in_flight = load.enter();
    let response = next.run(request).await;
    compress(response, encoding, &load, in_flight)
}

fn compress(response: Response, encoding: Encoding, load: &Load, in_flight: InFlight) -> Response {
    if !should_compress(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    add_vary_accept_encoding(&mut parts.headers);
    let (encoder, coding) = match encoding {
        Encoding::Brotli => (
            Encoder::Brotli(encoding::brotli_writer(
                load.brotli_quality(),
                BROTLI_WINDOW,
            )),
            "br",
        ),
        Encoding::Gzip => (
            Encoder::Gzip(flate2::write::GzEncoder::new(
                Vec::new(),
                flate2::Compression::new(GZIP_LEVEL),
            )),
            "gzip",
        ),
        Encoding::Identity => return Response::from_parts(parts, body),
    };
    parts.headers.remove(header::ACCEPT_RANGES);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    Response::from_parts(parts, Body::new(Compressed::new(body, encoder, in_flight)))
}

/// Text-like bodies of more than a few bytes that are not already coded
/// or a part of a file; never media that are compressed already.
fn should_compress(response: &Response) -> bool {
    let headers = response.headers();
    if headers.contains_key(header::CONTENT_ENCODING) || headers.contains_key(header::CONTENT_RANGE)
    {
        return false;
    }
    DefaultPredicate::new()
        .and(NotForContentType::const_new("video/"))
        .and(NotForContentType::const_new("font/"))
        .and(NotForContentType::const_new("audio/"))
        .should_compress(response)
}

/// The bytes now depend on `Accept-Encoding`; say so once.
fn add_vary_accept_encoding(headers: &mut HeaderMap) {
    let named = headers.get_all(header::VARY).iter().any(|value| {
        value.to_str().is_ok_and(|v| {
            v.split(',')
                .any(|name| name.trim().eq_ignore_ascii_case("accept-encoding"))
        })
    });
    if !named {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
}

enum Encoder {
    Brotli(brotlic::CompressorWriter<Vec<u8>>),
    Gzip(flate2::write::GzEncoder<Vec<u8>>),
}

impl Encoder {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self {
            Encoder::Brotli(w) => w.write_all(bytes),
            Encoder::Gzip(w) => w.write_all(bytes),
        }
    }

    /// Makes everything written so far decodable by the reader.
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Encoder::Brotli(w) => w.flush(),
            Encoder::Gzip(w) => w.flush(),
        }
    }

    /// The compressed bytes made since the last call.
    fn take(&mut self) -> Bytes {
        let out = match self {
            Encoder::Brotli(w) => w.get_mut(),
            Encoder::Gzip(w) => w.get_mut(),
        };
        Bytes::from(std::mem::take(out))
    }

    /// Ends the stream; the last bytes.
    fn finish(self) -> std::io::Result<Bytes> {
        let out = match self {
            Encoder::Brotli(w) => w.into_inner().map_err(|e| e.into_error())?,
            Encoder::Gzip(w) => w.finish()?,
        };
        Ok(Bytes::from(out))
    }
}

/// A response body compressed as it streams.
struct Compressed {
    inner: Body,
    /// None once the stream has ended.
    encoder: Option<Encoder>,
    /// Input written since the last flush.
    unflushed: bool,
    /// Trailers that arrived after the data, sent after the last bytes.
    trailers: Option<HeaderMap>,
    /// Counts this response as under way while its bytes are compressed.
    _in_flight: InFlight,
}

impl Compressed {
    fn new(inner: Body, encoder: Encoder, in_flight: InFlight) -> Self {
        Compressed {
            inner,
            encoder: Some(encoder),
            unflushed: false,
            trailers: None,
            _in_flight: in_flight,
        }
    }

    fn end(&mut self) -> Result<Bytes, axum::Error> {
        match self.encoder.take() {
            Some(encoder) => encoder.finish().map_err(axum::Error::new),
            None => Ok(Bytes::new()),
        }
    }
}

fn data(bytes: Bytes) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
    Poll::Ready(Some(Ok(Frame::data(bytes))))
}

impl http_body::Body for Compressed {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        loop {
            if this.encoder.is_none() {
                return Poll::Ready(this.trailers.take().map(|t| Ok(Frame::trailers(t))));
            }
            match Pin::new(&mut this.inner).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(bytes) => {
                        let Some(encoder) = this.encoder.as_mut() else {
                            continue;
                        };
                        encoder.write(&bytes).map_err(axum::Error::new)?;
                        this.unflushed |= !bytes.is_empty();
                        let out = encoder.take();
                        if !out.is_empty() {
                            return data(out);
                        }
                    }
                    Err(frame) => {
                        // Trailers end the data: finish the stream first.
                        this.trailers = frame.into_trailers().ok();
                        return data(this.end()?);
                    }
                },
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(None) => return data(this.end()?),
                Poll::Pending => {
                    // The app is waiting on something: hand the reader
                    // what it has so far.
                    if let (true, Some(encoder)) = (this.unflushed, this.encoder.as_mut()) {
                        this.unflushed = false;
                        encoder.flush().map_err(axum::Error::new)?;
                        let out = encoder.take();
                        if !out.is_empty() {
                            return data(out);
                        }
                    }
                    return Poll::Pending;
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.encoder.is_none() && self.trailers.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use axum::http::StatusCode;
    use http_body_util::BodyExt;

    use super::*;

    /// Compressed as the only response under way.
    fn compress_now(response: Response, encoding: Encoding) -> Response {
        let load = Load::with_cores(2);
        let in_flight = load.enter();
        compress(response, encoding, &load, in_flight)
    }

    #[tokio::test]
    async fn quality_drops_while_more_responses_are_under_way_than_cores() {
        let load = Load::with_cores(2);
        let first = load.enter();
        let second = load.enter();
        assert_eq!(load.brotli_quality(), BROTLI_QUALITY_IDLE);
        let third = load.enter();
        assert_eq!(load.brotli_quality(), BROTLI_QUALITY_BUSY);
        // A response counts until its last byte has been compressed.
        let text = "<p>hello, سلام</p>".repeat(100);
        let response = compress(
            page(Body::from(text.clone())),
            Encoding::Brotli,
            &load,
            third,
        );
        drop((first, second));
        assert_eq!(load.in_flight.load(Ordering::Relaxed), 1);
        let bytes = body_bytes(response).await;
        assert_eq!(load.in_flight.load(Ordering::Relaxed), 0);
        assert_eq!(unbrotli(&bytes), text);
    }

    fn page(body: Body) -> Response {
        let mut response = Response::new(body);
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        response
    }

    async fn body_bytes(response: Response) -> Bytes {
        response
            .into_body()
            .collect()
            .await
            .expect("a whole body")
            .to_bytes()
    }

    fn unbrotli(bytes: &[u8]) -> String {
        let mut text = String::new();
        brotlic::DecompressorReader::new(bytes)
            .read_to_string(&mut text)
            .expect("a whole brotli stream");
        text
    }

    #[tokio::test]
    async fn a_streamed_page_arrives_whole_and_each_pause_is_decodable() {
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(1);
        let stream = tokio_stream_from(rx);
        let response = compress_now(page(Body::from_stream(stream)), Encoding::Brotli);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(response.headers()[header::VARY], "accept-encoding");
        let mut body = response.into_body();

        let head = "<!DOCTYPE html><html><head><title>خبر</title></head>".repeat(20);
        tx.send(Ok(Bytes::from(head.clone()))).await.expect("open");
        // The app pauses here: what came so far must reach the reader.
        let first = body.frame().await.expect("a frame").expect("data");
        let first = first.into_data().expect("data");
        let mut decoder = brotlic::DecompressorWriter::new(Vec::new());
        decoder.write_all(&first).expect("valid so far");
        decoder.flush().expect("flushes");
        assert_eq!(decoder.get_ref().as_slice(), head.as_bytes());

        let tail = "<body><p>ادامه</p></body></html>".repeat(20);
        tx.send(Ok(Bytes::from(tail.clone()))).await.expect("open");
        drop(tx);
        let rest = body.collect().await.expect("the rest").to_bytes();
        let mut all = first.to_vec();
        all.extend_from_slice(&rest);
        assert_eq!(unbrotli(&all), format!("{head}{tail}"));
    }

    #[tokio::test]
    async fn gzip_for_browsers_without_brotli() {
        let text = "<p>hello, سلام</p>".repeat(100);
        let response = compress_now(page(Body::from(text.clone())), Encoding::Gzip);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        let bytes = body_bytes(response).await;
        let mut back = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut back)
            .expect("a gzip stream");
        assert_eq!(back, text);
    }

    #[tokio::test]
    async fn media_ranges_and_coded_bodies_pass_untouched() {
        let bytes = vec![7u8; 4096];
        let mut video = Response::new(Body::from(bytes.clone()));
        video
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("video/webm"));
        let mut part = page(Body::from(bytes.clone()));
        *part.status_mut() = StatusCode::PARTIAL_CONTENT;
        part.headers_mut().insert(
            header::CONTENT_RANGE,
            HeaderValue::from_static("bytes 0-4095/9000"),
        );
        let mut coded = page(Body::from(bytes.clone()));
        coded
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        for response in [video, part, coded] {
            let before = response.headers().get(header::CONTENT_ENCODING).cloned();
            let response = compress_now(response, Encoding::Brotli);
            assert_eq!(
                response.headers().get(header::CONTENT_ENCODING),
                before.as_ref()
            );
            let body = body_bytes(response).await;
            assert_eq!(body.as_ref(), bytes.as_slice());
        }
    }

    #[tokio::test]
    async fn the_bytes_as_they_are_for_browsers_that_take_no_coding() {
        let text = "<p>plain</p>".repeat(50);
        let response = compress_now(page(Body::from(text.clone())), Encoding::Identity);
        assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(response.headers()[header::VARY], "accept-encoding");
        let body = body_bytes(response).await;
        assert_eq!(body.as_ref(), text.as_bytes());
    }

    /// A body stream fed by the test, pausing whenever the channel is empty.
    fn tokio_stream_from(
        mut rx: tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>,
    ) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
        futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
    }
}
