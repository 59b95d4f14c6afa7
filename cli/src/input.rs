//! Reading inputs (files or `-` for standard input) and showing progress on a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use std::fmt;
use std::io::{IsTerminal, Read};

/// A usage or I/O problem: the CLI exits with status 2.
#[derive(Debug)]
pub enum CliError {
    /// A problem, in words.
    Message(String),
    /// Standard output was closed by the reader (e.g. `| head`): not an error, just stop.
    ClosedOutput,
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Message(m) => f.write_str(m),
            CliError::ClosedOutput => f.write_str("standard output closed"),
        }
    }
}

impl std::error::Error for CliError {}

impl CliError {
    /// Builds an error from anything printable.
    pub fn new(msg: impl Into<String>) -> Self {
        CliError::Message(msg.into())
    }

    /// Maps a write error on standard output.
    pub fn from_output(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CliError::ClosedOutput
        } else {
            CliError::new(format!("standard output: {e}"))
        }
    }
}

/// Writes a line to standard output, turning a closed pipe into [`CliError::ClosedOutput`]
/// instead of a panic. Use it instead of `println!` in subcommands.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*).map_err($crate::input::CliError::from_output)?
    }};
}

/// Writes to standard output without a newline; see [`outln!`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*).map_err($crate::input::CliError::from_output)?
    }};
}

/// Reads one input: a path, or `-` for standard input.
pub fn read_input(path: &str) -> Result<Vec<u8>, CliError> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::new(format!("standard input: {e}")))?;
        Ok(buf)
    } else {
        std::fs::read(path).map_err(|e| CliError::new(format!("{path}: {e}")))
    }
}

/// A progress bar over `len` items, drawn only when standard error is a terminal and the run
/// is long enough to be worth it.
pub fn progress(len: u64) -> ProgressBar {
    if len < 20 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta}") {
        bar.set_style(style);
    }
    bar
}
