//! The REPL of `tvix-eval --repl`, modelled on `nix repl`: reads an input,
//! evaluates it or runs its `:` command, prints the result, and goes on.
//!
//! On a terminal it edits lines with rustyline (history in
//! `$XDG_DATA_HOME/tvix/repl-history`, tab completion in [`complete`]);
//! otherwise it reads standard input line by line and prints only the
//! results, so that tests and scripts can drive it. An input the parser
//! finds incomplete (an open bracket or string, `let` without `in`)
//! continues on the next line. Commands are in [`commands`], value
//! printing in [`print`], Ctrl-C in [`interrupt`].

mod commands;
mod complete;
mod interrupt;
mod print;

use commands::Outcome;
use interrupt::Interrupts;
use rustyline::error::ReadlineError;
use std::cell::{Cell, RefCell};
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::rc::Rc;
use tvix_eval::{EvaluationBuilder, NixAttrs, Session};

const PROMPT: &str = "tvix-repl> ";
/// Shown while an incomplete input continues.
const CONTINUATION_PROMPT: &str = "      ... ";

/// What the command line hands over.
pub struct Options {
    pub show_trace: bool,
    /// Files to load (`:l`) at the start.
    pub files: Vec<String>,
    /// Expressions whose attributes to add (`:a`) at the start.
    pub exprs: Vec<String>,
}

/// The state of a REPL between inputs.
pub struct Repl {
    session: Rc<RefCell<Session>>,
    interrupts: Interrupts,
    show_trace: bool,
    colors: bool,
    /// The files loaded with `:l`, for `:r`.
    loaded_files: Vec<String>,
    /// The attributes `:l` or `:a` added last, for `:ll`.
    last_loaded: NixAttrs,
}

/// Runs the REPL until `:q` or the end of the input.
pub fn run(builder: EvaluationBuilder, options: Options) -> ExitCode {
    let interrupts = Interrupts::install();
    // Warnings are printed as they happen, except while completing a
    // word (they would land in the middle of the edited line).
    let muted = Rc::new(Cell::new(false));
    let mute = muted.clone();
    let builder = builder
        .interrupt(interrupts.flag())
        .on_warning(move |warning, codemap| {
            if !mute.get() {
                eprint!("{}", warning.render(codemap));
            }
        });
    let session = match builder.session() {
        Ok(session) => session,
        Err(errors) => {
            eprint!("{errors}");
            return ExitCode::from(1);
        }
    };
    let interactive = io::stdin().is_terminal();
    let mut repl = Repl {
        session: Rc::new(RefCell::new(session)),
        interrupts,
        show_trace: options.show_trace,
        colors: interactive && io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        loaded_files: Vec::new(),
        last_loaded: NixAttrs::new(),
    };
    if interactive {
        eprintln!("tvix-eval {}\nType :? for help.", env!("CARGO_PKG_VERSION"));
    }
    for file in &options.files {
        repl.process(&format!(":l {file}"), true);
    }
    for expr in &options.exprs {
        repl.process(&format!(":a {expr}"), true);
    }
    if interactive {
        repl.run_terminal(muted)
    } else {
        repl.run_piped()
    }
}

impl Repl {
    /// Reads lines with rustyline until `:q`, Ctrl-D or an error.
    fn run_terminal(&mut self, muted: Rc<Cell<bool>>) -> ExitCode {
        let config = rustyline::Config::builder()
            .completion_type(rustyline::CompletionType::List)
            .auto_add_history(false)
            .history_ignore_dups(true)
            .and_then(|c| c.max_history_size(10_000))
            .map(|c| c.build());
        let editor = config.and_then(rustyline::Editor::with_config);
        let mut editor: rustyline::Editor<complete::Completion, _> = match editor {
            Ok(editor) => editor,
            Err(error) => {
                eprintln!("error: cannot edit lines on this terminal: {error}");
                return self.run_piped();
            }
        };
        editor.set_helper(Some(complete::Completion::new(
            self.session.clone(),
            self.interrupts.clone(),
            muted,
        )));
        let history = history_file();
        if let Some(path) = &history {
            let _ = editor.load_history(path);
        }
        let mut input = String::new();
        loop {
            let prompt = if input.is_empty() {
                PROMPT
            } else {
                CONTINUATION_PROMPT
            };
            let line = match editor.readline(prompt) {
                Ok(line) => line,
                // Ctrl-C drops the input typed so far.
                Err(ReadlineError::Interrupted) => {
                    input.clear();
                    continue;
                }
                Err(ReadlineError::Eof) => {
                    println!();
                    return ExitCode::SUCCESS;
                }
                Err(error) => {
                    eprintln!("error: reading the input: {error}");
                    return ExitCode::from(1);
                }
            };
            if !line.trim().is_empty() && editor.add_history_entry(line.as_str()).unwrap_or(false) {
                if let Some(path) = &history {
                    let _ = editor.append_history(path);
                }
            }
            if !input.is_empty() {
                input.push('\n');
            }
            input.push_str(&line);
            match self.process(&input, false) {
                Outcome::Incomplete => continue,
                Outcome::Quit => return ExitCode::SUCCESS,
                Outcome::Done => {}
            }
            input.clear();
            // A blank line after every input, as `nix repl` does.
            println!();
        }
    }

    /// Reads standard input line by line: no prompts, only results.
    fn run_piped(&mut self) -> ExitCode {
        let mut stdin = io::stdin().lock();
        let mut input = String::new();
        let mut line = Vec::new();
        loop {
            line.clear();
            match stdin.read_until(b'\n', &mut line) {
                Ok(0) => break,
                Ok(_) => {}
                Err(error) => {
                    eprintln!("error: reading the input: {error}");
                    return ExitCode::from(1);
                }
            }
            let text = String::from_utf8_lossy(&line);
            if !input.is_empty() {
                input.push('\n');
            }
            input.push_str(text.trim_end_matches(['\n', '\r']));
            match self.process(&input, false) {
                Outcome::Incomplete => continue,
                Outcome::Quit => return ExitCode::SUCCESS,
                Outcome::Done => input.clear(),
            }
        }
        // Input that ended in the middle of an expression: its error.
        if !input.trim().is_empty() {
            self.process(&input, true);
        }
        ExitCode::SUCCESS
    }
}

/// Writes to stdout; a closed pipe is not worth a message.
fn write_out(bytes: &[u8]) {
    let mut stdout = io::stdout().lock();
    let _ = stdout.write_all(bytes).and_then(|()| stdout.flush());
}

/// `$XDG_DATA_HOME/tvix/repl-history`, else
/// `~/.local/share/tvix/repl-history` (where `nix repl` keeps its own
/// under `nix/`); its directory is created if need be.
fn history_file() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    let dir = data.join("tvix");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join("repl-history"))
}
