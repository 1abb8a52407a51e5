//! `tvix-eval`: evaluates Nix expressions from the command line, taking
//! the flags of `nix-instantiate --eval` and printing what it prints.
//!
//! Exit status: 0 on success, 1 on evaluation errors and on bad usage.
//! On an error nothing is printed on stdout, only the rendered error on
//! stderr.

// Counted, so that `--max-memory` bounds the whole live heap.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: tvix_eval::limits::MeteredAllocator<tvix_eval::allocator::MiMalloc> =
    tvix_eval::limits::MeteredAllocator::new(tvix_eval::allocator::MiMalloc);

#[cfg(not(feature = "mimalloc"))]
#[global_allocator]
static ALLOCATOR: tvix_eval::limits::MeteredAllocator<std::alloc::System> =
    tvix_eval::limits::MeteredAllocator::new(std::alloc::System);

#[cfg(feature = "repl")]
mod repl;

use codemap::CodeMap;
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use tvix_eval::{
    search_path, CompileOptions, Error, ErrorKind, Evaluation, EvaluationBuilder, EvaluationResult,
    LintLevel, Warning,
};

const USAGE: &str = "\
Usage: tvix-eval [--eval] [OPTIONS] [FILE...]
       tvix-eval [--eval] [OPTIONS] -E EXPR...
       tvix-eval --parse [FILE...]
       tvix-eval --repl [OPTIONS] [FILE... | -E EXPR...]

Evaluates Nix expressions and prints the result, like `nix-instantiate --eval`.
FILE may be `-` (standard input), a directory (its default.nix) or <PATH> (a
search path lookup); without FILE, ./default.nix is evaluated. Without any
argument on a terminal, and with --repl, an interactive session starts (like
`nix repl`; :? lists its commands) with the attributes of the FILEs or EXPRs
in scope.

Options:
  --eval                      evaluate (the only mode; accepted for compatibility)
  --strict                    evaluate the result completely (default: top level only)
  --json                      print the result as JSON
  --xml                       print the result as XML, with where attributes and
                              functions were defined
  --no-location               leave the positions out of the XML output
  --raw                       print a string result as is, without a newline
  -E, --expr                  the arguments are expressions, not files
  --parse                     only parse and compile; print nothing on success
  --repl                      start an interactive session (reads lines from
                              standard input when it is not a terminal)
  --arg NAME EXPR             pass NAME = EXPR to a top-level function
  --argstr NAME STRING        pass NAME = STRING to a top-level function
  -A, --attr PATH             select the attribute path PATH (a.b.0) of the result
  -I PATH | -I PREFIX=PATH    add a search path entry (before those of NIX_PATH;
                              neither is used with --pure-eval)
  --max-call-depth N          limit nested calls to N
  --max-steps N               stop after N evaluation steps (calls and thunks forced)
  --max-memory SIZE           stop before lists and strings built take more than SIZE
                              bytes (suffix K, M or G for KiB, MiB, GiB)
  --max-time SECONDS          stop after SECONDS of wall clock time
  --lint-url-literals LEVEL            allow|warn|fatal for URL literals
  --lint-short-path-literals LEVEL     allow|warn|fatal for `a/b` path literals
  --lint-absolute-path-literals LEVEL  allow|warn|fatal for `/a` and `~/a` literals
  --extra-experimental-features F      enable experimental features (pipe-operators,
                                       parse-toml-timestamps)
  --experimental-features F            same
  --option NAME VALUE         set one of the settings above by name
  --impure                    allow files and the environment (the default, as in
                              nix-instantiate)
  --pure-eval                 forbid reading files (but FILE itself), the environment
                              (getEnv gives an empty string, no currentTime) and the search path
  --restrict-eval             allow only files below the search path entries (and
                              --allow-path directories); no environment
  --allow-path DIR            allow only files below DIR (may be repeated); no environment
  --store-dir DIR             compute store paths in DIR (default: $NIX_STORE_DIR,
                              else /nix/store); nothing is written there
  --trace-verbose             let builtins.traceVerbose trace
  --abort-on-warn             make builtins.warn an error after warning
  --show-trace                show the trace of enclosing calls with errors
  --no-show-trace             don't (the default)
  -h, --help                  show this help
  --version                   show the version
";

/// What the command line asks for.
#[derive(Default)]
struct Cli {
    parse_only: bool,
    repl: bool,
    strict: bool,
    json: bool,
    xml: bool,
    no_location: bool,
    raw: bool,
    exprs: bool,
    show_trace: bool,
    pure: bool,
    restrict_eval: bool,
    allowed_paths: Vec<String>,
    trace_verbose: bool,
    abort_on_warn: bool,
    inputs: Vec<String>,
    args: Vec<(String, Arg)>,
    attr_paths: Vec<String>,
    search_path: Vec<String>,
    max_call_depth: Option<usize>,
    limits: tvix_eval::Limits,
    store_dir: Option<String>,
    compile_options: CompileOptions,
}

enum Arg {
    Expr(String),
    Str(String),
}

fn main() -> ExitCode {
    #[cfg(feature = "mimalloc")]
    tvix_eval::allocator::configure();
    let args: Vec<String> = match std::env::args_os()
        .skip(1)
        .map(|a| a.into_string())
        .collect()
    {
        Ok(args) => args,
        Err(bad) => return usage_error(&format!("argument {bad:?} is not valid UTF-8")),
    };
    let no_arguments = args.is_empty();
    let mut cli = match parse_args(args) {
        Ok(Some(cli)) => cli,
        Ok(None) => return ExitCode::SUCCESS,
        Err(message) => return usage_error(&message),
    };
    cli.repl |= no_arguments && io::stdin().is_terminal();
    if cli.repl {
        return start_repl(&cli);
    }
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(()) => ExitCode::from(1),
    }
}

#[cfg(feature = "repl")]
fn start_repl(cli: &Cli) -> ExitCode {
    let input = Input {
        source: String::new(),
        file: None,
    };
    let (files, exprs) = match cli.exprs {
        true => (Vec::new(), cli.inputs.clone()),
        false => (cli.inputs.clone(), Vec::new()),
    };
    let options = repl::Options {
        show_trace: cli.show_trace,
        files,
        exprs,
    };
    repl::run(builder(cli, &input), options)
}

#[cfg(not(feature = "repl"))]
fn start_repl(_: &Cli) -> ExitCode {
    usage_error("this tvix-eval was built without the REPL (feature 'repl')")
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\nTry 'tvix-eval --help' for more information.");
    ExitCode::from(1)
}

/// Parses the arguments; `None` when the command was answered (`--help`).
fn parse_args(args: Vec<String>) -> Result<Option<Cli>, String> {
    let mut cli = Cli::default();
    let mut args = args.into_iter();
    let value = |args: &mut std::vec::IntoIter<String>, flag: &str| {
        args.next()
            .ok_or_else(|| format!("flag '{flag}' requires an argument"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--eval" | "--read-write-mode" | "--readonly-mode" => {}
            "--parse" => cli.parse_only = true,
            "--repl" => cli.repl = true,
            "--strict" => cli.strict = true,
            "--json" => cli.json = true,
            "--xml" => cli.xml = true,
            "--no-location" => cli.no_location = true,
            "--restrict-eval" => cli.restrict_eval = true,
            "--trace-verbose" => cli.trace_verbose = true,
            "--abort-on-warn" => cli.abort_on_warn = true,
            "--allow-path" => {
                let dir = value(&mut args, &arg)?;
                cli.allowed_paths.push(dir);
            }
            "--raw" => cli.raw = true,
            "-E" | "--expr" => cli.exprs = true,
            "--impure" => cli.pure = false,
            "--pure-eval" => cli.pure = true,
            "--show-trace" => cli.show_trace = true,
            "--no-show-trace" => cli.show_trace = false,
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(None);
            }
            "--version" => {
                println!("tvix-eval {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            "--arg" | "--argstr" => {
                let name = value(&mut args, &arg)?;
                let v = value(&mut args, &arg)?;
                let v = if arg == "--arg" {
                    Arg::Expr(v)
                } else {
                    Arg::Str(v)
                };
                cli.args.push((name, v));
            }
            "-A" | "--attr" => {
                let path = value(&mut args, &arg)?;
                cli.attr_paths.push(path);
            }
            "-I" | "--include" => {
                let entry = value(&mut args, &arg)?;
                cli.search_path.push(entry);
            }
            "--option" => {
                let name = value(&mut args, &arg)?;
                let v = value(&mut args, &arg)?;
                set_option(&mut cli, &name, &v)?;
            }
            "--" => {
                cli.inputs.extend(args.by_ref());
            }
            flag if flag.starts_with("--") && flag.len() > 2 => {
                let name = &flag[2..];
                if !is_setting(name) {
                    return Err(format!("unrecognised flag '{flag}'"));
                }
                let v = value(&mut args, flag)?;
                set_option(&mut cli, name, &v)?;
            }
            flag if flag.starts_with("-I") && flag.len() > 2 => {
                cli.search_path.push(flag[2..].to_string())
            }
            flag if flag.starts_with('-') && flag != "-" => {
                return Err(format!("unrecognised flag '{flag}'"))
            }
            _ => cli.inputs.push(arg),
        }
    }
    if [cli.json, cli.raw, cli.xml].iter().filter(|&&b| b).count() > 1 {
        return Err("only one of --json, --raw and --xml can be used".into());
    }
    Ok(Some(cli))
}

/// Settings that may be given as `--NAME VALUE` or `--option NAME VALUE`.
fn is_setting(name: &str) -> bool {
    matches!(
        name,
        "max-call-depth"
            | "max-steps"
            | "max-memory"
            | "max-time"
            | "lint-url-literals"
            | "lint-short-path-literals"
            | "lint-absolute-path-literals"
            | "experimental-features"
            | "extra-experimental-features"
            | "pure-eval"
            | "restrict-eval"
            | "show-trace"
            | "trace-verbose"
            | "abort-on-warn"
            | "store-dir"
    )
}

fn set_option(cli: &mut Cli, name: &str, value: &str) -> Result<(), String> {
    let lint = |v: &str| match v {
        "allow" | "ignore" => Ok(LintLevel::Allow),
        "warn" => Ok(LintLevel::Warn),
        "fatal" => Ok(LintLevel::Fatal),
        _ => Err(format!(
            "invalid value '{v}' for '{name}'; expected allow, warn or fatal"
        )),
    };
    let boolean = |v: &str| match v {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!(
            "invalid value '{v}' for '{name}'; expected true or false"
        )),
    };
    match name {
        "store-dir" if !value.starts_with('/') => {
            return Err(format!(
                "invalid value '{value}' for 'store-dir'; expected an absolute path"
            ))
        }
        "store-dir" => cli.store_dir = Some(value.to_string()),
        "max-call-depth" => {
            let depth = value.parse::<usize>().map_err(|_| {
                format!("invalid value '{value}' for 'max-call-depth'; expected a number")
            })?;
            cli.max_call_depth = Some(depth);
        }
        "max-steps" => {
            let steps = value.parse::<u64>().map_err(|_| {
                format!("invalid value '{value}' for 'max-steps'; expected a number")
            })?;
            cli.limits.max_steps = Some(steps);
        }
        "max-memory" => {
            let bytes = tvix_eval::limits::parse_size(value).ok_or_else(|| {
                format!("invalid value '{value}' for 'max-memory'; expected a size such as 200M")
            })?;
            cli.limits.max_memory = Some(bytes);
        }
        "max-time" => {
            let time = value
                .parse::<f64>()
                .ok()
                .and_then(|s| std::time::Duration::try_from_secs_f64(s).ok())
                .ok_or_else(|| {
                    format!("invalid value '{value}' for 'max-time'; expected a number of seconds")
                })?;
            cli.limits.deadline = Some(time);
        }
        "lint-url-literals" => cli.compile_options.lint_url_literals = lint(value)?,
        "lint-short-path-literals" => cli.compile_options.lint_short_path_literals = lint(value)?,
        "lint-absolute-path-literals" => {
            cli.compile_options.lint_absolute_path_literals = lint(value)?
        }
        "experimental-features" | "extra-experimental-features" => {
            // Features that only matter to C++ Nix (flakes, ...) are accepted.
            for feature in value
                .split([' ', ',', '\t', '\n'])
                .filter(|f| !f.is_empty())
            {
                if feature == "pipe-operators" {
                    cli.compile_options.pipe_operators = true;
                }
                if feature == "parse-toml-timestamps" {
                    cli.compile_options.parse_toml_timestamps = true;
                }
            }
        }
        "pure-eval" => cli.pure = boolean(value)?,
        "restrict-eval" => cli.restrict_eval = boolean(value)?,
        "trace-verbose" => cli.trace_verbose = boolean(value)?,
        "abort-on-warn" => cli.abort_on_warn = boolean(value)?,
        "show-trace" => cli.show_trace = boolean(value)?,
        _ => eprintln!("warning: unknown setting '{name}'"),
    }
    Ok(())
}

/// One thing to evaluate: the source and where it comes from.
struct Input {
    source: String,
    /// The file, or `None` for expressions (paths resolve against the cwd).
    file: Option<PathBuf>,
}

fn current_dir() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"))
}

fn read_input(cli: &Cli, arg: &str) -> Result<Input, String> {
    if cli.exprs {
        return Ok(Input {
            source: arg.to_string(),
            file: None,
        });
    }
    if arg == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("reading standard input: {e}"))?;
        return Ok(Input {
            source: source_text(bytes),
            file: None,
        });
    }
    if arg.starts_with('<') && arg.ends_with('>') && arg.len() > 2 {
        return Ok(Input {
            source: format!("import {arg}"),
            file: None,
        });
    }
    let mut path = std::path::absolute(arg).map_err(|e| format!("resolving '{arg}': {e}"))?;
    if path.is_dir() {
        path.push("default.nix");
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("reading '{}': {e}", path.display()))?;
    Ok(Input {
        source: source_text(bytes),
        file: Some(path),
    })
}

/// Source bytes as text (the evaluator takes UTF-8 source).
fn source_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// What the evaluation may access, from `--pure-eval`, `--restrict-eval`,
/// `--allow-path`, `-I` and `NIX_PATH`.
fn access(cli: &Cli, mut builder: EvaluationBuilder) -> EvaluationBuilder {
    if cli.pure {
        // As in C++ Nix, pure evaluation has no search path at all.
        return builder.impure(false).file_access(false);
    }
    for entry in &cli.search_path {
        let (prefix, path) = search_path::parse_entry(entry);
        builder = builder.search_path_entry(prefix, path);
    }
    if !cli.restrict_eval && cli.allowed_paths.is_empty() {
        // The evaluation reads NIX_PATH itself (after the `-I` entries).
        return builder.impure(true);
    }
    let mut allowed: Vec<PathBuf> = cli.allowed_paths.iter().map(PathBuf::from).collect();
    if cli.restrict_eval {
        let nix_path = std::env::var("NIX_PATH").unwrap_or_default();
        for entry in search_path::split_nix_path(&nix_path) {
            let (prefix, path) = search_path::parse_entry(&entry);
            builder = builder.search_path_entry(prefix, path);
        }
        let entries = cli
            .search_path
            .iter()
            .cloned()
            .chain(search_path::split_nix_path(&nix_path));
        for entry in entries {
            let (_, path) = search_path::parse_entry(&entry);
            if !search_path::is_url(&path.to_string_lossy()) {
                allowed.push(path);
            }
        }
    }
    for dir in allowed {
        builder = builder.allow_path(dir);
    }
    builder
}

fn builder(cli: &Cli, input: &Input) -> EvaluationBuilder {
    let mut builder = Evaluation::builder()
        .strict(cli.strict)
        .compile_options(cli.compile_options.clone())
        .trace_verbose(cli.trace_verbose)
        .abort_on_warn(cli.abort_on_warn)
        .xml(cli.xml)
        .xml_locations(!cli.no_location)
        .on_warning(print_warning);
    // Like C++ Nix, the store directory may come from the environment.
    let store_dir = cli.store_dir.clone().or_else(|| {
        std::env::var("NIX_STORE_DIR")
            .ok()
            .filter(|d| d.starts_with('/'))
    });
    if let Some(dir) = store_dir {
        builder = builder.store_dir(dir);
    }
    builder = match &input.file {
        Some(path) => builder.source_file(path),
        None => builder.expression_dir(current_dir()),
    };
    builder = access(cli, builder);
    builder = builder.limits(cli.limits.clone());
    if let Some(depth) = cli.max_call_depth {
        builder = builder.max_call_depth(depth);
    }
    for (name, arg) in &cli.args {
        builder = match arg {
            Arg::Expr(expr) => builder.arg_expr(name.clone(), expr.clone()),
            Arg::Str(s) => builder.arg_str(name.clone(), s.clone()),
        };
    }
    builder
}

/// Warnings and traces go to stderr as they happen, as Nix prints them.
fn print_warning(warning: &Warning, codemap: &CodeMap) {
    write_stderr(&warning.render(codemap));
}

/// Writes diagnostics to stderr. Like C++ Nix, terminal escape sequences
/// (the colours nixpkgs lib puts into some messages) are removed when
/// stderr is not a terminal.
fn write_stderr(text: &str) {
    if io::stderr().is_terminal() {
        eprint!("{text}");
    } else {
        eprint!("{}", filter_escapes(text));
    }
}

/// `text` without terminal escape sequences (CSI `ESC [ ... final`, OSC
/// `ESC ] ... BEL/ST`, two-byte `ESC x`), carriage returns and bells, with
/// tabs expanded to the next multiple of eight columns: what C++ Nix's
/// `filterANSIEscapes` leaves of a message for a non-terminal.
fn filter_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                Some('[') => {
                    while chars
                        .next_if(|c| ('\u{30}'..='\u{3f}').contains(c))
                        .is_some()
                    {}
                    while chars
                        .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                        .is_some()
                    {}
                    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
                }
                Some(']') => {
                    while let Some(c) = chars.next() {
                        if c == '\u{7}' {
                            break;
                        }
                        if c == '\u{1b}' && chars.next_if_eq(&'\\').is_some() {
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\t' => {
                out.push(' ');
                column += 1;
                while column % 8 != 0 {
                    out.push(' ');
                    column += 1;
                }
            }
            '\r' | '\u{7}' => {}
            '\n' => {
                out.push(c);
                column = 0;
            }
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

fn run(cli: &Cli) -> Result<(), ()> {
    let inputs: Vec<String> = if cli.inputs.is_empty() && !cli.exprs {
        vec!["./default.nix".to_string()]
    } else {
        cli.inputs.clone()
    };
    for arg in &inputs {
        let input = read_input(cli, arg).map_err(|message| eprintln!("error: {message}"))?;
        if cli.parse_only {
            check_parses(cli, &input)?;
            continue;
        }
        let attr_paths: Vec<Option<&String>> = if cli.attr_paths.is_empty() {
            vec![None]
        } else {
            cli.attr_paths.iter().map(Some).collect()
        };
        for attr_path in attr_paths {
            let mut builder = builder(cli, &input);
            if let Some(path) = attr_path {
                builder = builder.attr_path(path.clone());
            }
            let result = builder.build().evaluate(&input.source);
            let Some(value) = &result.value else {
                write_stderr(&first_error(&result, cli.show_trace));
                return Err(());
            };
            if !result.errors.is_empty() {
                write_stderr(&first_error(&result, cli.show_trace));
                return Err(());
            }
            let output = if let Some(xml) = &result.xml {
                Ok(xml.clone())
            } else if cli.json {
                tvix_eval::output::json::to_json_with_store(value, &result.store).map(|mut json| {
                    json.push('\n');
                    json.into_bytes()
                })
            } else if cli.raw {
                raw_output(value)
            } else {
                let mut out = tvix_eval::output::print::print_value(value);
                out.push(b'\n');
                Ok(out)
            };
            match output {
                Ok(bytes) => write_stdout(&bytes)?,
                Err(kind) => {
                    report_error(&result, kind, cli.show_trace);
                    return Err(());
                }
            }
        }
    }
    Ok(())
}

/// `--raw`: a string (or path) printed without quotes or newline.
fn raw_output(value: &tvix_eval::Value) -> Result<Vec<u8>, ErrorKind> {
    match value.forced() {
        Some(tvix_eval::Value::String(s)) => Ok(s.as_bytes().to_vec()),
        Some(tvix_eval::Value::Path(p)) => Ok(p.as_os_str().as_encoded_bytes().to_vec()),
        Some(other) => Err(ErrorKind::NotCoercibleToString(
            other.type_description().to_string(),
        )),
        None => Err(ErrorKind::NotCoercibleToString("a thunk".to_string())),
    }
}

/// The first error, rendered. Like C++ Nix, the command line reports only
/// the first: the syntax errors after it are mostly its consequences.
fn first_error(result: &EvaluationResult, show_trace: bool) -> String {
    match result.errors.first() {
        Some(error) => error.render(&result.codemap.borrow(), show_trace),
        None => String::new(),
    }
}

fn report_error(result: &EvaluationResult, kind: ErrorKind, show_trace: bool) {
    let error = Error::from(kind);
    write_stderr(&error.render(&result.codemap.borrow(), show_trace));
}

fn write_stdout(bytes: &[u8]) -> Result<(), ()> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not worth an error message.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(()),
        Err(e) => {
            eprintln!("error: writing the result: {e}");
            Err(())
        }
    }
}

/// `--parse`: reports syntax errors and what C++ Nix also reports while
/// parsing (undefined variables, repeated attributes, ...), without
/// evaluating anything.
fn check_parses(cli: &Cli, input: &Input) -> Result<(), ()> {
    let mut builder = Evaluation::builder()
        .strict(false)
        .compile_options(cli.compile_options.clone())
        // `~/` paths resolve against HOME unless evaluation is pure.
        .impure(!cli.pure)
        .on_warning(print_warning);
    builder = match &input.file {
        Some(path) => builder.source_file(path.clone()),
        None => builder.expression_dir(current_dir()),
    };
    let result = builder.build().check(&input.source);
    if !result.errors.is_empty() {
        write_stderr(&first_error(&result, cli.show_trace));
        return Err(());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_filtered() {
        assert_eq!(filter_escapes("a\u{1b}[1;31mred\u{1b}[0m!"), "ared!");
        assert_eq!(filter_escapes("x\u{1b}]8;;url\u{7}link"), "xlink");
        assert_eq!(filter_escapes("ab\tc\r\n\td"), "ab      c\n        d");
    }

    #[test]
    fn flags() {
        let cli = parse_args(
            [
                "--eval",
                "--strict",
                "-E",
                "1",
                "--arg",
                "a",
                "b",
                "-I",
                "x=y",
                "-Iz",
                "--lint-url-literals",
                "fatal",
            ]
            .map(String::from)
            .to_vec(),
        )
        .unwrap()
        .unwrap();
        assert!(cli.strict && cli.exprs);
        assert_eq!(cli.inputs, ["1"]);
        assert_eq!(cli.search_path, ["x=y", "z"]);
        assert_eq!(cli.compile_options.lint_url_literals, LintLevel::Fatal);
        assert!(parse_args(vec!["--bogus".into()]).is_err());
        assert!(parse_args(vec!["--arg".into(), "a".into()]).is_err());
        let cli = parse_args(
            [
                "--option",
                "extra-experimental-features",
                "flakes pipe-operators",
            ]
            .map(String::from)
            .to_vec(),
        )
        .unwrap()
        .unwrap();
        assert!(cli.compile_options.pipe_operators);
    }
}
