//! The embedding API: pure by default, explicit file access, warnings as
//! data or streamed, extra builtins, search paths, strict and lazy results,
//! errors, and file access through pure, limited and custom I/O.

use tvix_eval::value::BuiltinDef;
use tvix_eval::{Error, ErrorKind, Evaluation, Value, WarningKind};

fn assert_send_sync<T: Send + Sync + 'static>() {}

#[test]
fn errors_are_send_and_sync() {
    assert_send_sync::<Error>();
    assert_send_sync::<ErrorKind>();
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tvix-api-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

#[test]
fn evaluation_is_pure_unless_file_access_is_allowed() {
    let dir = temp_dir("pure");
    std::fs::write(dir.join("other.nix"), "{ answer = 42; }").expect("write file");
    let main = dir.join("main.nix");
    let source = "(import ./other.nix).answer";

    let pure = Evaluation::builder()
        .source_file(&main)
        .build()
        .evaluate(source);
    assert!(pure.value.is_none());
    assert!(matches!(
        pure.errors[0].kind,
        ErrorKind::AccessForbidden { .. }
    ));

    let allowed = Evaluation::builder()
        .source_file(&main)
        .file_access(true)
        .build()
        .evaluate(source);
    assert!(matches!(allowed.value, Some(Value::Integer(42))));
}

#[test]
fn environment_is_hidden_unless_impure() {
    std::env::set_var("TVIX_API_TEST_VAR", "visible");
    let src = r#"builtins.getEnv "TVIX_API_TEST_VAR""#;
    let pure = Evaluation::builder().build().evaluate(src);
    assert!(matches!(pure.value, Some(Value::String(ref s)) if s.as_bytes().is_empty()));
    let impure = Evaluation::builder().impure(true).build().evaluate(src);
    assert!(matches!(impure.value, Some(Value::String(ref s)) if s.as_bytes() == b"visible"));
}

#[test]
fn warnings_are_returned_as_data() {
    let result = Evaluation::builder()
        .build()
        .evaluate(r#"builtins.trace "hello" 1"#);
    assert!(matches!(result.value, Some(Value::Integer(1))));
    assert_eq!(result.warnings.len(), 1);
    assert!(matches!(&result.warnings[0].kind, WarningKind::Trace(m) if m == "hello"));
}

#[test]
fn extra_builtins_are_callable() {
    let double = BuiltinDef::sync("double", 1, "Doubles an integer.", |args| {
        Ok(Value::Integer(args[0].as_int()? * 2))
    });
    let result = Evaluation::builder()
        .builtin(double)
        .build()
        .evaluate("builtins.double 21 + __double 1");
    assert!(matches!(result.value, Some(Value::Integer(44))));
}

#[test]
fn search_path_entries_resolve_angle_brackets() {
    let dir = temp_dir("search");
    std::fs::create_dir_all(dir.join("lib")).expect("directory");
    std::fs::write(dir.join("lib/default.nix"), "{ name = \"lib\"; }").expect("write file");
    let result = Evaluation::builder()
        .search_path_entry(Some("mylib".into()), dir.join("lib"))
        .file_access(true)
        .build()
        .evaluate("(import <mylib>).name");
    let value = result
        .value
        .clone()
        .unwrap_or_else(|| panic!("{}", result.render_errors(false)));
    assert!(matches!(value, Value::String(ref s) if s.as_bytes() == b"lib"));
}

#[test]
fn strict_results_are_fully_evaluated_and_lazy_ones_are_not() {
    let src = "{ a = builtins.length [ 1 2 ]; }";
    let strict = Evaluation::builder()
        .build()
        .evaluate(src)
        .value
        .expect("a value");
    let Value::Attrs(attrs) = strict else {
        panic!("expected a set")
    };
    assert!(matches!(
        attrs.get_str("a").and_then(Value::forced),
        Some(Value::Integer(2))
    ));

    let lazy = Evaluation::builder()
        .strict(false)
        .build()
        .evaluate(src)
        .value
        .expect("a value");
    let Value::Attrs(attrs) = lazy else {
        panic!("expected a set")
    };
    assert!(matches!(attrs.get_str("a"), Some(Value::Thunk(t)) if !t.is_evaluated()));
}

#[test]
fn several_parse_errors_are_reported_at_once() {
    let result = Evaluation::builder().build().evaluate("{ a = ; b = ; }");
    assert!(result.value.is_none());
    assert!(result.errors.len() >= 2, "got {:?}", result.errors);
    assert!(result
        .errors
        .iter()
        .all(|e| matches!(e.kind, ErrorKind::Parse(_)) && e.span.is_some()));
}

#[test]
fn rendered_errors_point_at_the_source() {
    let result = Evaluation::builder()
        .build()
        .evaluate("let x = 1; in x + \"a\"");
    let rendered = result.render_errors(false);
    assert!(rendered.contains("(string):1:15"), "{rendered}");
    assert!(rendered.contains("let x = 1; in x + \"a\""), "{rendered}");
}

#[test]
fn try_eval_catches_throw_and_assert_only() {
    let caught = Evaluation::builder().build().evaluate(
        "[ (builtins.tryEval (throw \"x\")).success (builtins.tryEval (assert false; 1)).success ]",
    );
    let Some(Value::List(list)) = caught.value else {
        panic!("{}", caught.render_errors(false))
    };
    assert!(list
        .iter()
        .all(|v| matches!(v.forced(), Some(Value::Bool(false)))));

    let not_caught = Evaluation::builder()
        .build()
        .evaluate("builtins.tryEval (abort \"x\")");
    assert!(matches!(not_caught.errors[0].kind, ErrorKind::Abort(_)));
}

#[test]
fn error_contexts_are_trace_entries_without_a_span() {
    let result = Evaluation::builder().build().evaluate(
        r#"builtins.addErrorContext "outer" (builtins.addErrorContext "inner" (throw "x"))"#,
    );
    let error = &result.errors[0];
    assert!(matches!(&error.kind, ErrorKind::Throw(m) if m == "x"));
    let contexts: Vec<&str> = error
        .trace
        .iter()
        .filter(|entry| entry.is_context())
        .map(|entry| entry.message.as_str())
        .collect();
    assert_eq!(contexts, ["inner", "outer"]);
    assert!(error.trace.iter().all(|entry| entry.span.is_none()));
}

// ---- File access through the I/O interface ----

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use tvix_eval::{EvalIo, FileType, IoError};

fn value_of(result: &tvix_eval::EvaluationResult) -> Value {
    result
        .value
        .clone()
        .unwrap_or_else(|| panic!("{}", result.render_errors(false)))
}

fn is_string(value: &Value, expected: &str) -> bool {
    matches!(value.forced(), Some(Value::String(ref s)) if s.as_bytes() == expected.as_bytes())
}

/// A configuration directory with an import outside of it.
fn config_tree(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("config/modules")).expect("directory");
    std::fs::write(dir.join("config/main.nix"), "import ./modules").expect("write");
    std::fs::write(
        dir.join("config/modules/default.nix"),
        "{ port = 8080; motd = builtins.readFile ../motd.txt; }",
    )
    .expect("write");
    std::fs::write(dir.join("config/motd.txt"), "hello").expect("write");
    std::fs::write(dir.join("secret.txt"), "do not read").expect("write");
    dir
}

#[test]
fn allow_path_limits_files_to_the_allowed_directories() {
    let dir = config_tree("allow");
    let config = dir.join("config");
    let main = config.join("main.nix");
    let evaluate = |src: &str| {
        Evaluation::builder()
            .source_file(&main)
            .allow_path(&config)
            .build()
            .evaluate(src)
    };

    let inside = evaluate("(import ./main.nix).motd");
    assert!(is_string(&value_of(&inside), "hello"));

    for src in [
        "builtins.readFile ../secret.txt",
        "builtins.readFile (toString ./. + \"/../secret.txt\")",
        "import ../secret.txt",
    ] {
        let outside = evaluate(src);
        assert!(
            matches!(
                outside.errors.first().map(|e| &e.kind),
                Some(ErrorKind::AccessForbidden { .. })
            ),
            "{src}: {}",
            outside.render_errors(false)
        );
    }
    // pathExists answers false rather than failing, as C++ Nix does.
    let exists =
        evaluate("[ (builtins.pathExists ../secret.txt) (builtins.pathExists ./motd.txt) ]");
    let Value::List(list) = value_of(&exists) else {
        panic!("a list")
    };
    let answers: Vec<_> = list.iter().map(|v| v.forced()).collect();
    assert!(matches!(
        answers[..],
        [Some(Value::Bool(false)), Some(Value::Bool(true))]
    ));

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("secret.txt"), config.join("link.txt"))
            .expect("symlink");
        let escaped = evaluate("builtins.readFile ./link.txt");
        assert!(matches!(
            escaped.errors.first().map(|e| &e.kind),
            Some(ErrorKind::AccessForbidden { .. })
        ));
    }

    // Several directories may be allowed; no environment either way.
    let two = Evaluation::builder()
        .source_file(&main)
        .allow_path(&config)
        .allow_path(&dir)
        .build()
        .evaluate("builtins.readFile ../secret.txt + builtins.getEnv \"PATH\"");
    assert!(is_string(&value_of(&two), "do not read"));
}

/// An in-memory file system that counts reads and has its own
/// environment.
#[derive(Default)]
struct MemoryIo {
    files: HashMap<PathBuf, Vec<u8>>,
    env: HashMap<String, String>,
    reads: Cell<usize>,
}

impl EvalIo for MemoryIo {
    fn read_file(&self, path: &Path) -> Result<Vec<u8>, IoError> {
        self.reads.set(self.reads.get() + 1);
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| IoError::Os(std::io::ErrorKind::NotFound.into()))
    }

    fn read_dir(&self, path: &Path) -> Result<Vec<(OsString, FileType)>, IoError> {
        Ok(self
            .files
            .keys()
            .filter(|f| f.parent() == Some(path))
            .filter_map(|f| Some((f.file_name()?.to_owned(), FileType::Regular)))
            .collect())
    }

    fn file_type(&self, path: &Path) -> Result<FileType, IoError> {
        if self.files.contains_key(path) {
            Ok(FileType::Regular)
        } else if self.files.keys().any(|f| f.starts_with(path)) {
            Ok(FileType::Directory)
        } else {
            Err(IoError::Os(std::io::ErrorKind::NotFound.into()))
        }
    }

    fn canonicalize(&self, path: &Path) -> Result<PathBuf, IoError> {
        self.file_type(path).map(|_| path.to_path_buf())
    }

    fn read_link(&self, _: &Path) -> Result<PathBuf, IoError> {
        // Nothing in memory is a symbolic link.
        Err(IoError::Os(std::io::ErrorKind::InvalidInput.into()))
    }

    fn is_executable(&self, path: &Path) -> Result<bool, IoError> {
        self.file_type(path).map(|_| false)
    }

    fn get_env(&self, name: &str) -> Option<OsString> {
        self.env.get(name).map(OsString::from)
    }
}

fn memory_io() -> Rc<MemoryIo> {
    let mut io = MemoryIo::default();
    io.files.insert(
        "/mem/counted.nix".into(),
        b"builtins.trace \"evaluated\" 21".to_vec(),
    );
    io.files.insert(
        "/mem/lib/default.nix".into(),
        b"{ name = \"lib\"; }".to_vec(),
    );
    io.files.insert(
        "/other/lib/default.nix".into(),
        b"{ name = \"other\"; }".to_vec(),
    );
    io.env
        .insert("NIX_PATH".into(), "lib=/other/lib:/mem".into());
    io.env.insert("GREETING".into(), "hi".into());
    Rc::new(io)
}

#[test]
fn a_custom_io_serves_files_environment_and_search_path() {
    let io = memory_io();
    let result = Evaluation::builder()
        .expression_dir("/mem")
        .io(io.clone())
        .search_path_entry(None, "/mem")
        .build()
        .evaluate(
            "[ (import ./counted.nix + import /mem/counted.nix) (import <lib>).name \
             (builtins.getEnv \"GREETING\") (builtins.length builtins.nixPath) \
             (builtins.attrNames (builtins.readDir /mem)) ]",
        );
    let Value::List(list) = value_of(&result) else {
        panic!("a list")
    };
    assert!(matches!(
        list.get(0).and_then(Value::forced),
        Some(Value::Integer(42))
    ));
    // `-I` style entries come before those of NIX_PATH.
    assert!(is_string(&list.get(1).cloned().unwrap_or_default(), "lib"));
    assert!(is_string(&list.get(2).cloned().unwrap_or_default(), "hi"));
    assert!(matches!(
        list.get(3).and_then(Value::forced),
        Some(Value::Integer(3))
    ));
    // Each file is evaluated once per evaluation: one trace, one read.
    assert_eq!(result.warnings.len(), 1);
    assert_eq!(
        io.reads.get(),
        2,
        "counted.nix and lib/default.nix once each"
    );
}

#[test]
fn custom_builtins_can_share_the_io() {
    let io = memory_io();
    let shared = io.clone();
    let size = BuiltinDef::sync("fileSize", 1, "The size of a file.", move |args| {
        let path = match &args[0] {
            Value::Path(p) => p.to_path_buf(),
            other => PathBuf::from(other.as_str()?.to_string()),
        };
        let bytes = shared
            .read_file(&path)
            .map_err(|e| ErrorKind::Other(e.to_string()))?;
        Ok(Value::Integer(bytes.len() as i64))
    });
    let result = Evaluation::builder()
        .io(io)
        .builtin(size)
        .build()
        .evaluate("builtins.fileSize /mem/lib/default.nix");
    assert!(matches!(value_of(&result), Value::Integer(17)));
}

#[test]
fn pure_evaluation_refuses_every_file_builtin() {
    for src in [
        "import /etc/hostname",
        "scopedImport { } /etc/hostname",
        "builtins.readFile /etc/hostname",
        "builtins.readDir /etc",
        "builtins.readFileType /etc",
        "builtins.hashFile \"sha256\" /etc/hostname",
        "builtins.findFile [ { path = /etc; } ] \"hostname\"",
    ] {
        let result = Evaluation::builder().build().evaluate(src);
        let rendered = result.render_errors(false);
        assert!(
            matches!(
                result.errors.first().map(|e| &e.kind),
                Some(ErrorKind::AccessForbidden { .. })
            ),
            "{src}: {rendered}"
        );
        assert!(rendered.contains("'/etc"), "the path is named: {rendered}");
    }
    let exists = Evaluation::builder()
        .build()
        .evaluate("builtins.pathExists /etc/hostname || builtins ? currentTime");
    assert!(matches!(value_of(&exists), Value::Bool(false)));
}

#[test]
fn warnings_can_be_streamed_to_a_callback() {
    let seen: Rc<RefCell<Vec<String>>> = Rc::default();
    let sink = seen.clone();
    let result = Evaluation::builder()
        .on_warning(move |warning, codemap| sink.borrow_mut().push(warning.render(codemap)))
        .build()
        .evaluate(r#"builtins.trace "one" (builtins.warn "two" (builtins.trace 3 4))"#);
    assert!(matches!(value_of(&result), Value::Integer(4)));
    assert!(result.warnings.is_empty(), "streamed, not collected");
    assert_eq!(
        *seen.borrow(),
        ["trace: one\n", "evaluation warning: two\n", "trace: 3\n"]
    );
}

#[test]
fn trace_verbose_and_abort_on_warn_are_options() {
    let src = r#"builtins.traceVerbose "v" 1"#;
    let quiet = Evaluation::builder().build().evaluate(src);
    assert!(quiet.warnings.is_empty());
    let verbose = Evaluation::builder()
        .trace_verbose(true)
        .build()
        .evaluate(src);
    assert!(
        matches!(&verbose.warnings[..], [w] if matches!(&w.kind, WarningKind::Trace(m) if m == "v"))
    );

    let src = r#"builtins.warn "careful" 1"#;
    let warned = Evaluation::builder().build().evaluate(src);
    assert!(matches!(value_of(&warned), Value::Integer(1)));
    assert!(matches!(&warned.warnings[0].kind, WarningKind::Evaluation(m) if m == "careful"));
    let aborted = Evaluation::builder()
        .abort_on_warn(true)
        .build()
        .evaluate(src);
    assert!(aborted.value.is_none());
    assert_eq!(aborted.warnings.len(), 1, "the warning is still reported");

    let not_a_string = Evaluation::builder().build().evaluate("builtins.warn 1 2");
    assert_eq!(
        not_a_string.errors.first().map(|e| e.kind.to_string()),
        Some("expected a string but found an integer: 1".to_string())
    );
}

#[test]
fn the_result_can_be_written_as_xml() {
    let result = Evaluation::builder()
        .xml(true)
        .build()
        .evaluate("{ a = [ 1 ]; }");
    let xml = String::from_utf8(result.xml.clone().expect("xml output")).expect("utf-8");
    assert_eq!(
        xml,
        "<?xml version='1.0' encoding='utf-8'?>\n<expr>\n  <attrs>\n    <attr name=\"a\">\n      \
         <list>\n        <int value=\"1\" />\n      </list>\n    </attr>\n  </attrs>\n</expr>\n"
    );
    assert!(Evaluation::builder().build().evaluate("1").xml.is_none());
}

#[test]
fn store_paths_follow_the_store_dir_and_the_file_access() {
    let dir = temp_dir("store");
    std::fs::create_dir_all(dir.join("inside")).expect("directory");
    std::fs::write(dir.join("inside/data.txt"), "hello\n").expect("write file");
    std::fs::write(dir.join("secret.txt"), "hello\n").expect("write file");
    let main = dir.join("inside/main.nix");
    let source = r#"[ builtins.storeDir "${./data.txt}" (derivation { name = "a"; system = "x86_64-linux"; builder = "/bin/sh"; }).outPath ]"#;
    let strings = |value: &Option<Value>| -> Vec<String> {
        match value {
            Some(Value::List(list)) => list
                .iter()
                .map(|v| match v.forced() {
                    Some(Value::String(s)) => s.to_string(),
                    other => format!("{other:?}"),
                })
                .collect(),
            other => vec![format!("{other:?}")],
        }
    };
    // C++ Nix 2.8 with NIX_STORE_DIR=/foo/store gives these paths.
    let custom = Evaluation::builder()
        .source_file(&main)
        .file_access(true)
        .store_dir("/foo/store")
        .build()
        .evaluate(source);
    assert_eq!(
        strings(&custom.value),
        [
            "/foo/store",
            "/foo/store/1vkjm7mjrv5pl5f161511dj9sgzxr8kk-data.txt",
            "/foo/store/ddl0d34w03kxlq52lgwfkbfnic8dg54v-a"
        ]
    );
    // The string refers to the store path it names.
    let context = Evaluation::builder()
        .source_file(&main)
        .file_access(true)
        .build()
        .evaluate(r#"builtins.attrNames (builtins.getContext "${./data.txt}")"#);
    assert_eq!(
        strings(&context.value),
        ["/nix/store/y9dmvfhip31hg8ia4njwjz9vfa3ndphr-data.txt"]
    );
    // Copying reads the file: not without file access, nor outside the
    // allowed directories.
    let pure = Evaluation::builder()
        .source_file(&main)
        .build()
        .evaluate(source);
    assert!(matches!(
        pure.errors[0].kind,
        ErrorKind::AccessForbidden { .. }
    ));
    let limited = Evaluation::builder()
        .source_file(&main)
        .allow_path(dir.join("inside"))
        .build()
        .evaluate(r#""${../secret.txt}""#);
    assert!(matches!(
        limited.errors[0].kind,
        ErrorKind::AccessForbidden { .. }
    ));
}
