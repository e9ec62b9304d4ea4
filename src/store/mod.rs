//! The only code that touches the data file: locate, lock, read, parse,
//! validate and save it atomically.

pub mod schema;

use std::cell::{Cell, RefCell};
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};

pub use schema::{CURRENT_VERSION, Document};

/// How long a writer waits for another attain to finish, unless
/// `ATTAIN_LOCK_TIMEOUT` (seconds) says otherwise.
const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(30);

/// The data file at one path.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    /// `--dry-run`: changes are made in memory and never written.
    dry_run: bool,
    /// Under `--dry-run`, the document as the last change left it, so that
    /// a command reading back what it wrote sees its own change.
    unsaved: RefCell<Option<Document>>,
    /// Whether a change was kept from the disk by `--dry-run`.
    skipped_save: Cell<bool>,
}

impl Store {
    pub fn new(path: PathBuf) -> Self {
        Store {
            path,
            dry_run: false,
            unsaved: RefCell::new(None),
            skipped_save: Cell::new(false),
        }
    }

    /// A store that applies every change in memory only: nothing is
    /// written, not the folder, the lock file or the data file.
    pub fn with_dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    pub fn is_dry_run(&self) -> bool {
        self.dry_run
    }

    /// Whether `--dry-run` kept a change from being written.
    pub fn skipped_save(&self) -> bool {
        self.skipped_save.get()
    }

    /// `$XDG_DATA_HOME/attain/attain.json` on Linux (the platform data
    /// folder elsewhere).
    pub fn default_path() -> Result<PathBuf> {
        use etcetera::BaseStrategy;
        let strategy = etcetera::choose_base_strategy().map_err(|e| {
            anyhow!("cannot find your home folder ({e}); pass --file PATH or set ATTAIN_FILE")
        })?;
        Ok(strategy.data_dir().join("attain").join("attain.json"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the file; a missing file reads as empty. Under `--dry-run`,
    /// after a change, the changed document.
    pub fn load(&self) -> Result<Document> {
        if let Some(document) = self.unsaved.borrow().as_ref() {
            return Ok(document.clone());
        }
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Document::default()),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read {}", self.path.display()));
            }
        };
        self.parse(&bytes)
    }

    fn parse(&self, bytes: &[u8]) -> Result<Document> {
        let shown = self.path.display();
        let document: Document = match serde_json::from_slice(bytes) {
            Ok(document) => document,
            Err(e) => {
                if let Ok(probe) = serde_json::from_slice::<schema::VersionProbe>(bytes)
                    && probe.version > CURRENT_VERSION
                {
                    bail!(newer_version(&shown, probe.version));
                }
                bail!(
                    "{shown}:{}:{}: the data file is not valid attain data ({}); it was left \
                     untouched: fix it by hand or restore it from a backup",
                    e.line(),
                    e.column(),
                    strip_position(&e.to_string())
                );
            }
        };
        if document.version > CURRENT_VERSION {
            bail!(newer_version(&shown, document.version));
        }
        if document.version == 0 {
            bail!("{shown}: version 0 is not an attain data version; it was left untouched");
        }
        document.validate().map_err(|reason| {
            anyhow!(
                "{shown}: {reason}; the file was left untouched: fix it by hand or restore it \
                 from a backup"
            )
        })?;
        Ok(document)
    }

    /// Locks the file, reads it, applies `change` and saves the result
    /// atomically. When `change` fails nothing is written. Under
    /// `--dry-run` the change is made and checked in memory only.
    pub fn update<T>(&self, change: impl FnOnce(&mut Document) -> Result<T>) -> Result<T> {
        if self.dry_run {
            self.refuse_read_only()?;
            let (document, outcome) = self.apply(change)?;
            *self.unsaved.borrow_mut() = Some(document);
            self.skipped_save.set(true);
            return Ok(outcome);
        }
        let folder = self.folder();
        fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create the folder {}", folder.display()))?;
        let _lock = self.lock()?;
        self.refuse_read_only()?;
        let (document, outcome) = self.apply(change)?;
        self.save(&document)?;
        Ok(outcome)
    }

    /// Reads the document and applies `change`, checking the result.
    fn apply<T>(&self, change: impl FnOnce(&mut Document) -> Result<T>) -> Result<(Document, T)> {
        let mut document = self.load()?;
        let outcome = change(&mut document)?;
        // A change must leave a file this build can read back; refuse it
        // (writing nothing) rather than lock the user out.
        document.validate().map_err(|reason| {
            anyhow!("that change was not made: it would leave the data file invalid ({reason})")
        })?;
        document.normalize();
        Ok((document, outcome))
    }

    /// Like [`Store::update`] but saves nothing: shows what a change would do.
    pub fn preview<T>(&self, change: impl FnOnce(&mut Document) -> Result<T>) -> Result<T> {
        let mut document = self.load()?;
        change(&mut document)
    }

    fn folder(&self) -> PathBuf {
        match self.path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    fn lock_path(&self) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        self.path.with_file_name(name)
    }

    /// Takes the sidecar lock (`<file>.lock`), waiting for other writers
    /// up to a deadline. The lock file stays; deleting it would race.
    fn lock(&self) -> Result<File> {
        let lock_path = self.lock_path();
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .with_context(|| format!("cannot open the lock file {}", lock_path.display()))?;
        let wait = std::env::var("ATTAIN_LOCK_TIMEOUT")
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map_or(DEFAULT_LOCK_WAIT, Duration::from_secs_f64);
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(25));
                }
                Err(fs::TryLockError::WouldBlock) => bail!(
                    "another attain has been writing {} for over {} s; wait for it to finish \
                     and try again (or raise ATTAIN_LOCK_TIMEOUT)",
                    self.path.display(),
                    wait.as_secs_f64()
                ),
                Err(fs::TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("cannot lock {}", lock_path.display()));
                }
            }
        }
    }

    fn refuse_read_only(&self) -> Result<()> {
        match fs::metadata(&self.path) {
            Ok(meta) if owner_cannot_write(&meta) => bail!(
                "{} is read-only, so attain will not change it; make it writable (chmod u+w) \
                 or pass another --file",
                self.path.display()
            ),
            _ => Ok(()),
        }
    }

    /// Temp file in the same folder, fsync, rename over, fsync the folder.
    fn save(&self, document: &Document) -> Result<()> {
        let folder = self.folder();
        let bytes = document
            .to_bytes()
            .context("cannot encode the data as JSON")?;
        let mut temp = tempfile::Builder::new()
            .prefix(".attain-")
            .suffix(".tmp")
            .tempfile_in(&folder)
            .with_context(|| format!("cannot create a temporary file in {}", folder.display()))?;
        temp.write_all(&bytes)
            .and_then(|()| temp.as_file().sync_all())
            .with_context(|| format!("cannot write a temporary file in {}", folder.display()))?;
        if let Ok(meta) = fs::metadata(&self.path) {
            // Keep the file's mode (tempfile creates 0600).
            let _ = fs::set_permissions(temp.path(), meta.permissions());
        }
        temp.persist(&self.path)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot replace {}", self.path.display()))?;
        sync_folder(&folder);
        Ok(())
    }
}

/// The owner's write bit, not whether this process could write: root can
/// write anything, and a file its owner made read-only is meant to stay so.
#[cfg(unix)]
fn owner_cannot_write(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o200 == 0
}

#[cfg(not(unix))]
fn owner_cannot_write(meta: &fs::Metadata) -> bool {
    meta.permissions().readonly()
}

#[cfg(unix)]
fn sync_folder(folder: &Path) {
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) {}

fn newer_version(shown: &impl std::fmt::Display, version: u32) -> String {
    format!(
        "{shown} was written by a newer attain (file version {version}, this build reads up to \
         {CURRENT_VERSION}); it was left untouched: upgrade attain to use it"
    )
}

/// serde_json appends " at line L column C"; the message already starts
/// with the position.
fn strip_position(message: &str) -> &str {
    message
        .rsplit_once(" at line ")
        .map_or(message, |(head, _)| head)
}
