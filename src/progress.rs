//! A progress line on stderr for work a person waits on (a list of many pages): one line,
//! redrawn in place as pages arrive and erased when the work ends, so that nothing of it is
//! left between the command and its output. Only at a terminal: `main` gives a sink only when
//! stderr is one, so a pipe or a log file never sees it.
//!
//! Written by hand rather than with a progress-bar crate: it is one line of text redrawn at
//! most once per page (a page is ~100 items and takes a round trip), with no spinner, ticker
//! thread or rate estimate to keep.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::output::thousands;

/// Where progress goes; None: nowhere (not a terminal).
pub type ProgressSink = Option<Arc<Mutex<Box<dyn Write + Send>>>>;

/// Carriage return and "erase the whole line".
const ERASE: &str = "\r\x1b[2K";

/// One piece of work's line. Erased when dropped, also when the work fails half-way.
pub struct Progress {
    sink: ProgressSink,
    label: String,
    drawn: bool,
}

impl Progress {
    /// `Fetching <what>…`, shown as soon as there is a count to show.
    pub fn new(sink: &ProgressSink, what: &str) -> Progress {
        Progress {
            sink: sink.clone(),
            label: format!("Fetching {what}\u{2026}"),
            drawn: false,
        }
    }

    /// Redraws the line: `Fetching tokens… 1,200 of 5,004`.
    pub fn show(&mut self, done: usize, total: usize) {
        if let Some(sink) = &self.sink
            && let Ok(mut out) = sink.lock()
        {
            let _ = write!(
                out,
                "{ERASE}{} {} of {}",
                self.label,
                thousands(done),
                thousands(total)
            );
            let _ = out.flush();
            self.drawn = true;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if self.drawn
            && let Some(sink) = &self.sink
            && let Ok(mut out) = sink.lock()
        {
            let _ = write!(out, "{ERASE}");
            let _ = out.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink whose bytes the test can read back.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_line_is_redrawn_then_erased() {
        let shared = Shared::default();
        let sink: ProgressSink = Some(Arc::new(Mutex::new(Box::new(shared.clone()))));
        {
            let mut progress = Progress::new(&sink, "tokens");
            progress.show(100, 5004);
            progress.show(1200, 5004);
        }
        let text = String::from_utf8(shared.0.lock().unwrap().clone()).unwrap();
        assert_eq!(
            text,
            "\r\x1b[2KFetching tokens\u{2026} 100 of 5,004\r\x1b[2KFetching tokens\u{2026} 1,200 of 5,004\r\x1b[2K"
        );
    }

    #[test]
    fn nothing_is_written_without_a_sink_or_before_a_count() {
        let shared = Shared::default();
        let sink: ProgressSink = Some(Arc::new(Mutex::new(Box::new(shared.clone()))));
        drop(Progress::new(&sink, "tokens"));
        assert!(shared.0.lock().unwrap().is_empty());
        let mut none = Progress::new(&None, "tokens");
        none.show(1, 2);
    }
}
