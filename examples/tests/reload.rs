//! `tvix_examples::reload::ConfigWatcher`: a configuration loaded from
//! files in a temporary directory is loaded again when one of them
//! changes (written in place, replaced by renaming, created, or an entry
//! added to a directory it lists), keeps the last good value when the new
//! one fails, and ignores files it does not read. Waits are generous and
//! nothing is timed.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tvix_examples::reload::service::{describe, LogLevel, Service};
use tvix_examples::reload::{ConfigWatcher, Reload, WatchError};

/// Long enough for any file event to arrive on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(60);

#[derive(Deserialize, Debug, PartialEq)]
struct Conf {
    name: String,
    port: u16,
    plugins: Vec<String>,
    motd: String,
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tvix-reload-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("conf.d")).expect("temporary directory");
    std::fs::canonicalize(&dir).expect("canonical directory")
}

fn write(path: &Path, contents: &str) {
    std::fs::write(path, contents).expect("write file");
}

/// Replaces `path` by renaming a new file over it, as editors save.
fn replace(path: &Path, contents: &str) {
    let temporary = path.with_extension("tmp");
    write(&temporary, contents);
    std::fs::rename(&temporary, path).expect("rename");
}

fn setup(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    write(
        &dir.join("config.nix"),
        r#"let
          local = if builtins.pathExists ./local.nix then import ./local.nix else { };
        in {
          name = "svc";
          port = import ./port.nix;
          plugins = builtins.attrNames (builtins.readDir ./conf.d);
          motd = builtins.readFile ./motd.txt;
        } // local"#,
    );
    write(&dir.join("port.nix"), "8080");
    write(&dir.join("motd.txt"), "hello");
    write(&dir.join("conf.d/auth"), "");
    dir
}

fn expect_applied(watcher: &mut ConfigWatcher<Conf>) {
    match watcher.next_reload(PATIENCE) {
        Some(Reload::Applied) => {}
        Some(Reload::Failed(e)) => panic!("reload failed:\n{e}"),
        None => panic!("no reload within {PATIENCE:?}"),
    }
}

#[test]
fn reloads_on_every_kind_of_change_and_keeps_the_last_good_configuration() {
    let dir = setup("changes");
    let mut watcher = ConfigWatcher::<Conf>::new(dir.join("config.nix")).unwrap();
    assert_eq!(
        *watcher.current(),
        Conf {
            name: "svc".into(),
            port: 8080,
            plugins: vec!["auth".into()],
            motd: "hello".into()
        }
    );
    let watched: Vec<_> = watcher.watched().map(Path::to_path_buf).collect();
    for file in ["config.nix", "local.nix", "port.nix", "conf.d", "motd.txt"] {
        assert!(
            watched.contains(&dir.join(file)),
            "{file} not in {watched:?}"
        );
    }

    // A file written in place.
    write(&dir.join("port.nix"), "9090");
    expect_applied(&mut watcher);
    assert_eq!(watcher.current().port, 9090);

    // A broken configuration: the error, and the previous value kept.
    write(&dir.join("port.nix"), "70000");
    match watcher.next_reload(PATIENCE) {
        Some(Reload::Failed(e)) => {
            assert_eq!(e.path(), Some("port"));
            assert!(e.to_string().contains("out of range for u16"), "{e}");
        }
        other => panic!("expected a failed reload, got {other:?}"),
    }
    assert_eq!(watcher.current().port, 9090);

    // Fixed by replacing the file, as an editor saves it.
    replace(&dir.join("port.nix"), "7070");
    expect_applied(&mut watcher);
    assert_eq!(watcher.current().port, 7070);

    // A file that did not exist, created.
    write(&dir.join("local.nix"), r#"{ name = "local"; }"#);
    expect_applied(&mut watcher);
    assert_eq!(watcher.current().name, "local");

    // An entry added to a directory the configuration lists.
    write(&dir.join("conf.d/cache"), "");
    expect_applied(&mut watcher);
    assert_eq!(watcher.current().plugins, ["auth", "cache"]);

    // A file read with readFile.
    write(&dir.join("motd.txt"), "bye");
    expect_applied(&mut watcher);
    assert_eq!(watcher.current().motd, "bye");
}

#[test]
fn files_the_configuration_does_not_read_are_ignored() {
    let dir = setup("ignored");
    let mut watcher = ConfigWatcher::<Conf>::new(dir.join("config.nix")).unwrap();
    write(&dir.join("notes.txt"), "not configuration");
    write(&dir.join("conf.d.txt"), "nor this");
    assert!(watcher.next_reload(Duration::from_secs(1)).is_none());
    // The configuration itself still reloads.
    write(
        &dir.join("config.nix"),
        r#"{ name = "new"; port = 1; plugins = [ ]; motd = ""; }"#,
    );
    expect_applied(&mut watcher);
    assert_eq!(watcher.current().name, "new");
    // It no longer reads port.nix, so that is no longer watched.
    assert!(!watcher.watched().any(|p| p == dir.join("port.nix")));
}

#[test]
fn a_failed_reload_keeps_watching_the_files_of_both_versions() {
    let dir = setup("both");
    let mut watcher = ConfigWatcher::<Conf>::new(dir.join("config.nix")).unwrap();
    // The new version fails before reading motd.txt...
    write(&dir.join("config.nix"), "import ./missing.nix");
    assert!(matches!(
        watcher.next_reload(PATIENCE),
        Some(Reload::Failed(_))
    ));
    assert!(watcher.watched().any(|p| p == dir.join("missing.nix")));
    assert!(watcher.watched().any(|p| p == dir.join("port.nix")));
    // ... and creating the file it lacks reloads it.
    write(
        &dir.join("missing.nix"),
        r#"{ name = "found"; port = 2; plugins = [ ]; motd = ""; }"#,
    );
    expect_applied(&mut watcher);
    assert_eq!(watcher.current().name, "found");
}

#[test]
fn a_configuration_that_does_not_load_at_first_is_an_error() {
    let dir = setup("first");
    write(&dir.join("port.nix"), "\"http\"");
    match ConfigWatcher::<Conf>::new(dir.join("config.nix")) {
        Err(WatchError::Load(e)) => assert_eq!(e.path(), Some("port")),
        Err(e) => panic!("unexpected error: {e}"),
        Ok(_) => panic!("loaded a broken configuration"),
    }
}

/// The `reload` example's own configuration (`examples/reload`, copied to
/// a temporary directory) loads into its structs, prints as the example
/// prints it, and reloads: a `local.nix` override applies, a broken one
/// keeps the last good configuration.
#[test]
fn the_example_service_loads_and_reloads() {
    let dir = temp_dir("example");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("reload");
    for file in ["service.nix", "upstreams.nix", "motd.txt"] {
        std::fs::copy(source.join(file), dir.join(file)).expect("copy the example");
    }
    let mut watcher = ConfigWatcher::<Service>::new(dir.join("service.nix")).unwrap();
    assert_eq!(watcher.current().port, 8080);
    assert_eq!(watcher.current().log_level, LogLevel::Info);
    let text = describe(&watcher);
    for line in [
        "message of the day: Welcome to the shop.\n",
        "upstream catalog at http://catalog.shop.internal, weight 2\n",
        "reads the environment variables SHOP_ENV (a change takes a restart)\n",
    ] {
        assert!(text.contains(line), "{line:?} not in:\n{text}");
    }
    assert!(
        text.contains(&dir.join("local.nix").display().to_string()),
        "{text}"
    );

    write(&dir.join("local.nix"), "{ port = 9090; }");
    match watcher.next_reload(PATIENCE) {
        Some(Reload::Applied) => {}
        other => panic!("expected the override to apply, got {other:?}"),
    }
    assert!(describe(&watcher).contains(" on port 9090, "));

    replace(&dir.join("local.nix"), r#"{ logLevel = "loud"; }"#);
    match watcher.next_reload(PATIENCE) {
        Some(Reload::Failed(e)) => assert_eq!(e.path(), Some("logLevel")),
        other => panic!("expected a failed reload, got {other:?}"),
    }
    assert_eq!(watcher.current().port, 9090);
}
