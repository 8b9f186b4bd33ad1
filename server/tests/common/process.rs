//! The server as a real process: started on a free port over a fresh,
//! empty database, spoken to in raw HTTP/1.1, its log kept.

use std::io::{BufRead, BufReader, Read};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// A running server, killed if the test ends early.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
    /// Every line the server has written to its standard output.
    pub log: Arc<Mutex<Vec<String>>>,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts the server with `env` on top of a fresh database, and waits
    /// for the address it announces.
    pub fn start(env: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = format!("sqlite://{}", dir.path().join("khabar.db").display());
        let mut child = Command::new(env!("CARGO_BIN_EXE_khabar-server"))
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .env("DATABASE_URL", db)
            .env("KHABAR_DEMO_CONTENT", "off")
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start khabar-server");
        let stdout = child.stdout.take().expect("stdout");
        let (found, announced) = mpsc::channel();
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = log.clone();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if !sent && let Some(rest) = line.split("serving on http://").nth(1) {
                    // Plain text or JSON: the address ends where its
                    // characters do.
                    let addr: String = rest
                        .chars()
                        .take_while(|c| {
                            c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '[' | ']')
                        })
                        .collect();
                    let _ = found.send(addr.parse::<SocketAddr>().ok());
                    sent = true;
                }
                // Keep reading so the server never blocks on a full pipe.
                lines.lock().expect("log").push(line);
            }
        });
        let addr = announced
            .recv_timeout(Duration::from_secs(60))
            .ok()
            .flatten()
            .expect("the server announces its address");
        Server {
            child,
            addr,
            log,
            _dir: dir,
        }
    }

    pub fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        stream
    }

    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
    }

    /// Waits up to `limit` for the process to end; its exit code.
    pub fn exit_within(&mut self, limit: Duration) -> Option<i32> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

/// Reads one response whose length the headers give (or to the end of the
/// connection); its status code and body.
pub fn read_response(stream: &mut TcpStream) -> (u16, String) {
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).expect("status line");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status in {status_line:?}"));
    let mut length = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header");
        if line.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = Vec::new();
    match length {
        Some(n) => {
            body.resize(n, 0);
            reader.read_exact(&mut body).expect("the whole body");
        }
        None => {
            reader.read_to_end(&mut body).expect("body to the end");
        }
    }
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Whether the server closes `stream` within `limit` (a read sees the end,
/// or the connection is reset).
pub fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    stream.set_read_timeout(Some(limit)).expect("timeout");
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(error) => !matches!(
            error.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}
