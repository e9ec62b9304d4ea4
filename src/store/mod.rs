//! The only code that touches the data file: locate, lock, read, parse,
//! validate and save it atomically.

pub mod anonymize;
pub mod bytes;
pub mod fast;
pub mod journal;
pub mod lines;
pub mod migrate;
pub mod results;
pub mod schema;
pub mod union;
pub mod write;

use std::cell::{Cell, RefCell};
use std::fs::{self, File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};

use bytes::FileBytes;
pub use journal::{Journal, Mark};
pub use schema::{CURRENT_VERSION, Document};
use write::Verbatim;

/// How long a writer waits for another attain to finish, unless
/// `ATTAIN_LOCK_TIMEOUT` (seconds) says otherwise.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(30);

/// The longest wait `ATTAIN_LOCK_TIMEOUT` may ask for: a day.
pub const MAX_LOCK_WAIT: Duration = Duration::from_secs(86_400);

/// A write gave up waiting for another attain to finish. The process exits
/// with [`Busy::EXIT_CODE`] so that a script can tell it from bad input and
/// retry.
#[derive(Debug, thiserror::Error)]
#[error(
    "another attain has been writing {path} for over {seconds} s; nothing was changed: wait for \
     it to finish and try again (or raise ATTAIN_LOCK_TIMEOUT)"
)]
pub struct Busy {
    path: String,
    seconds: f64,
}

impl Busy {
    /// `EX_TEMPFAIL` from sysexits.h: a temporary failure, worth a retry.
    pub const EXIT_CODE: u8 = 75;
}

/// The data file at one path, or several files read as one.
#[derive(Debug, Clone)]
pub struct Store {
    /// The path as the user gave it, for messages.
    path: PathBuf,
    /// The file itself, after following symbolic links: what is read,
    /// locked and replaced, so that a link stays a link and two paths to
    /// one file share one lock.
    target: PathBuf,
    lock_wait: Duration,
    /// Whether the path was named (`--file`, `ATTAIN_FILE`) rather than
    /// the default: a named file that does not exist is a mistake to
    /// report on a read, not an empty file.
    named: bool,
    /// `--dry-run`: changes are made in memory and never written.
    dry_run: bool,
    /// Under `--dry-run`, the document as the last change left it, so that
    /// a command reading back what it wrote sees its own change.
    unsaved: RefCell<Option<Document>>,
    /// Whether a change was kept from the disk by `--dry-run`.
    skipped_save: Cell<bool>,
    /// Who changes the file and how: each change becomes a history entry.
    /// Without it (library use) changes are not recorded.
    journal: Option<Journal>,
    /// What the running command says about its change (an undo, a redo).
    mark: RefCell<Mark>,
    /// The files given after this one (`-f east.json -f west.json`): read
    /// with it as one document ([`union`]). A store of several files
    /// changes none of them ([`Store::refuse_several`]).
    more: Vec<Store>,
    /// `--anonymize`: what is read has pseudonyms ([`anonymize`]).
    anonymize: bool,
}

impl Store {
    pub fn new(path: PathBuf) -> Self {
        Store {
            target: follow_links(&path),
            path,
            lock_wait: DEFAULT_LOCK_WAIT,
            named: false,
            dry_run: false,
            unsaved: RefCell::new(None),
            skipped_save: Cell::new(false),
            journal: None,
            mark: RefCell::new(Mark::default()),
            more: Vec::new(),
            anonymize: false,
        }
    }

    /// Reads with pseudonyms for people, teams, goals and ids, and without
    /// notes and refs (`--anonymize`).
    pub fn anonymized(mut self, anonymize: bool) -> Self {
        self.anonymize = anonymize;
        self
    }

    /// Reads these files too, after this one, as one document: read-only.
    /// Files given together are named by the user, so a missing one is an
    /// error, this one included.
    pub fn with_more_files(mut self, more: Vec<PathBuf>) -> Self {
        self.named |= !more.is_empty();
        self.more = more
            .into_iter()
            .map(|path| Store::new(path).named(true))
            .collect();
        self
    }

    /// Every file the store reads, in the order given.
    pub fn paths(&self) -> Vec<&Path> {
        std::iter::once(self.path.as_path())
            .chain(self.more.iter().map(|more| more.path.as_path()))
            .collect()
    }

    /// How many files the store reads as one.
    pub fn files(&self) -> usize {
        1 + self.more.len()
    }

    /// Refuses `command`, a change, when several files are read as one: it
    /// would not know which of them to write. Every way the store writes
    /// (the file, its folder, the lock file, the copy of a format-1
    /// original, removing stale temporary files) goes through a change.
    pub fn refuse_several(&self, command: &str) -> Result<()> {
        if self.more.is_empty() {
            return Ok(());
        }
        bail!(
            "{command} changes one file, but {} were given with -f; give one -f to say which",
            self.files()
        )
    }

    /// Records every change in the file's history as made by this journal.
    pub fn with_journal(mut self, journal: Journal) -> Self {
        self.journal = Some(journal);
        self
    }

    /// Who makes this command's changes, for records that name them.
    pub fn user(&self) -> &str {
        self.journal.as_ref().map_or("unknown", |j| j.user.as_str())
    }

    /// The reason given for this command's change (`--reason`).
    pub fn reason(&self) -> Option<&str> {
        self.journal.as_ref()?.reason.as_deref()
    }

    /// Says what the change being made is, for its history entry; called
    /// from inside an [`Store::update`].
    pub fn mark(&self, mark: Mark) {
        *self.mark.borrow_mut() = mark;
    }

    /// A store that applies every change in memory only: nothing is
    /// written, not the folder, the lock file or the data file.
    pub fn with_dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// Marks the path as named by the user (`--file`, `ATTAIN_FILE`).
    pub fn named(mut self, named: bool) -> Self {
        self.named = named;
        self
    }

    /// How long a write waits for another attain before giving up.
    pub fn with_lock_wait(mut self, wait: Duration) -> Self {
        self.lock_wait = wait;
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

    /// The path of the (first) file, as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the file for a command that only reads. A missing file at
    /// the default location reads as empty (nothing was written yet); a
    /// missing file the user named is an error, so a typo is never an
    /// empty success. Under `--dry-run`, after a change, the changed
    /// document. Several files are read one by one and combined
    /// ([`union::combine`]).
    pub fn load(&self) -> Result<Document> {
        self.load_keeping(true)
    }

    /// [`Store::load`] for a command that never reads the history (a
    /// report): the history is read and checked as a write checks it, but
    /// not kept, which on a large file is much of the memory a read takes.
    /// A document loaded so is never saved: a change loads its own.
    pub fn load_without_history(&self) -> Result<Document> {
        self.load_keeping(false)
    }

    fn load_keeping(&self, history: bool) -> Result<Document> {
        let document = if self.more.is_empty() {
            self.load_one(history)?
        } else {
            let mut files = Vec::with_capacity(self.files());
            for store in std::iter::once(self).chain(&self.more) {
                files.push((store.path.clone(), store.load_one(history)?));
            }
            union::combine(files)?
        };
        if !self.anonymize {
            return Ok(document);
        }
        anonymize::anonymize(document, &self.path.display().to_string()).map_err(|e| anyhow!(e))
    }

    fn load_one(&self, history: bool) -> Result<Document> {
        match self.load_if_present(history)? {
            Some(document) => Ok(document),
            None if self.named => bail!(
                "there is no data file at {shown}; check the path, or create it with `attain \
                 --file {shown} init`",
                shown = self.path.display()
            ),
            None => Ok(Document::default()),
        }
    }

    /// The document, or `None` when there is no file yet.
    fn load_if_present(&self, history: bool) -> Result<Option<Document>> {
        if let Some(document) = self.unsaved.borrow().as_ref() {
            return Ok(Some(document.clone()));
        }
        self.read()?
            .map(|bytes| {
                let history = if history {
                    fast::History::Keep
                } else {
                    fast::History::Check
                };
                parse_file(&bytes, &self.path.display(), history).map(|(document, _)| document)
            })
            .transpose()
    }

    /// The document, for a reader that must stay silent and never wait
    /// (shell completion): no lock, no write, no message, and `None` when
    /// the file is missing, unreadable, not a regular file or not valid
    /// attain data (or, for several files, when they do not read as one).
    pub fn peek(&self) -> Option<Document> {
        if self.more.is_empty() {
            return self.peek_one();
        }
        let files = std::iter::once(self)
            .chain(&self.more)
            .map(|store| Some((store.path.clone(), store.peek_one()?)))
            .collect::<Option<Vec<_>>>()?;
        union::combine(files).ok()
    }

    fn peek_one(&self) -> Option<Document> {
        let bytes = self.read().ok()??;
        parse_file(&bytes, &self.path.display(), fast::History::Keep)
            .ok()
            .map(|(document, _)| document)
    }

    /// The file's bytes, or `None` when there is no file. Only a regular
    /// file is read (checked before opening it: opening a named pipe would
    /// wait for a writer, and a device could be endless).
    fn read(&self) -> Result<Option<FileBytes>> {
        let shown = self.path.display();
        let meta = match fs::metadata(&self.target) {
            Ok(meta) => meta,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(unreadable(e, &shown)),
        };
        if meta.is_dir() {
            bail!(not_a_file(&shown, "a folder"));
        }
        if !meta.is_file() {
            bail!(not_a_file(&shown, "a device, pipe or socket"));
        }
        FileBytes::read(&self.target, meta.len())
            .map(Some)
            .map_err(|e| unreadable(e, &shown))
    }

    /// Locks the file, reads it, applies `change` and saves the result
    /// atomically. When `change` fails nothing is written. Under
    /// `--dry-run` the change is made and checked in memory only.
    pub fn update<T>(&self, change: impl FnOnce(&mut Document) -> Result<T>) -> Result<T> {
        self.update_keeping(change, true)
    }

    /// [`Store::update`] for a change that never reads the history (a
    /// `record`, an import of rows): the history is checked as always but
    /// not kept, and the save copies its lines as they were read and adds
    /// the new entry, so a large history costs neither memory nor time.
    /// `document.history` holds only what the change adds.
    pub fn update_without_history<T>(
        &self,
        change: impl FnOnce(&mut Document) -> Result<T>,
    ) -> Result<T> {
        // A dry run keeps the document it made for later reads whole.
        self.update_keeping(change, self.dry_run)
    }

    fn update_keeping<T>(
        &self,
        change: impl FnOnce(&mut Document) -> Result<T>,
        history: bool,
    ) -> Result<T> {
        self.refuse_several("this command")?;
        if self.dry_run {
            self.refuse_read_only()?;
            let (document, outcome, _) = self.apply(change, history)?;
            *self.unsaved.borrow_mut() = Some(document);
            self.skipped_save.set(true);
            return Ok(outcome);
        }
        let folder = self.folder();
        let new_folder = !folder.exists();
        fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create the folder {}", folder.display()))?;
        let lock = match self.lock() {
            Ok(lock) => lock,
            Err(e) => {
                remove_new_folder(&folder, new_folder);
                return Err(e);
            }
        };
        let written = self
            .refuse_read_only()
            .and_then(|()| self.apply(change, history))
            .and_then(|(document, outcome, verbatim)| {
                self.save(&document, verbatim.as_ref()).map(|()| outcome)
            });
        if written.is_err() && lock.created {
            // A failed command leaves nothing behind: not the lock file it
            // made (other writers check that the lock they hold is still
            // the file's; see `lock`), nor the folder.
            let _ = fs::remove_file(self.lock_path());
            drop(lock);
            remove_new_folder(&folder, new_folder);
        }
        written
    }

    /// Reads the document and applies `change`, checking the result. With
    /// it, what a save may copy from the file as read.
    fn apply<T>(
        &self,
        change: impl FnOnce(&mut Document) -> Result<T>,
        history: bool,
    ) -> Result<(Document, T, Option<Verbatim>)> {
        let (mut document, source) = self.load_for_change(history)?;
        let results_read = source.as_ref().and_then(|s| s.layout.results.clone());
        let last_seq = source
            .as_ref()
            .and_then(|s| s.layout.history.as_ref())
            .map(|h| h.last_seq);
        let Some(journal) = &self.journal else {
            let outcome = change(&mut document)?;
            document.normalize();
            Self::check(&document)?;
            return Ok((document, outcome, None));
        };
        // The state before, to see what the change did: history aside (it
        // only grows), and the results too when the lines they were read
        // from are at hand to compare with (on a million results, a copy
        // of them all is most of the time and memory a `record` takes).
        document.normalize();
        let history = std::mem::take(&mut document.history);
        let results = std::mem::take(&mut document.results);
        let loaded = results.len();
        let mut before = document.clone();
        document.history = history;
        document.results = results;
        if results_read.is_none() {
            before.results = document.results.clone();
        }
        let outcome = change(&mut document)?;
        // In canonical order first: checking sorted results is one pass.
        document.normalize();
        Self::check(&document)?;
        let results = match (&source, &results_read) {
            (Some(Source { bytes, .. }), Some(section)) => Some(
                lines::delta_of(
                    &bytes[section.clone()],
                    &document.results,
                    loaded,
                    &|part| {
                        bytes.release(part);
                    },
                )
                .ok_or_else(|| {
                    anyhow!("cannot read the results of {} again", self.path.display())
                })?,
            ),
            _ => None,
        };
        let changes = journal::diff_with(&before, &document, results);
        // Only the results the change added or changed are written anew.
        let verbatim = source.map(|source| Verbatim {
            bytes: source.bytes,
            results: results_read,
            history: source.layout.history.and_then(|h| h.lines),
            touched: (changes.results.added.iter().cloned())
                .chain(changes.results.changed.iter().map(|r| r.id.clone()))
                .collect(),
        });
        if !changes.is_empty() {
            if journal.reason.is_none()
                && let Some(locked) = journal::locked(&before, &document, &changes)
            {
                bail!(locked);
            }
            let mark = self.mark.take();
            let entry = journal::entry(&document, journal, mark, changes, last_seq);
            document.history.push(entry);
        }
        Ok((document, outcome, verbatim))
    }

    /// The document a change starts from and, when the fast reader found
    /// every result line as attain writes it, the bytes it was read from
    /// with where those lines are.
    fn load_for_change(&self, history: bool) -> Result<(Document, Option<Source>)> {
        if let Some(document) = self.unsaved.borrow().as_ref() {
            return Ok((document.clone(), None));
        }
        let Some(bytes) = self.read()? else {
            return Ok((Document::default(), None));
        };
        let shown = self.path.display();
        let reading = if history {
            fast::History::Keep
        } else {
            fast::History::Copy
        };
        let (mut document, mut layout) = parse_file(&bytes, &shown, reading)?;
        if layout.history.as_ref().is_some_and(|h| h.lines.is_none()) {
            // A history not as attain writes it cannot be copied: keep it.
            (document, layout) = parse_file(&bytes, &shown, fast::History::Keep)?;
        }
        Ok((document, Some(Source { bytes, layout })))
    }

    /// A change must leave a file this build can read back; refuse it
    /// (writing nothing) rather than lock the user out.
    fn check(document: &Document) -> Result<()> {
        document.validate().map_err(|reason| {
            anyhow!("that change was not made: it would leave the data file invalid ({reason})")
        })
    }

    /// Like [`Store::update`] but saves nothing: shows what a change would do.
    pub fn preview<T>(&self, change: impl FnOnce(&mut Document) -> Result<T>) -> Result<T> {
        self.refuse_several("this command")?;
        let mut document = self.load_if_present(true)?.unwrap_or_default();
        change(&mut document)
    }

    fn folder(&self) -> PathBuf {
        match self.target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    fn lock_path(&self) -> PathBuf {
        let mut name = self.target.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        self.target.with_file_name(name)
    }

    /// Takes the sidecar lock (`<file>.lock`), waiting for other writers
    /// up to a deadline. A failed first write removes the lock file it
    /// made, so a lock that was won on a file since removed (or replaced)
    /// is given up and taken again on the file now at that path.
    fn lock(&self) -> Result<Lock> {
        let lock_path = self.lock_path();
        let wait = self.lock_wait.min(MAX_LOCK_WAIT);
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(1);
        loop {
            let created = !lock_path.exists();
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)
                .with_context(|| format!("cannot open the lock file {}", lock_path.display()))?;
            loop {
                match file.try_lock() {
                    Ok(()) if is_same_file(&file, &lock_path) => {
                        return Ok(Lock {
                            _file: file,
                            created,
                        });
                    }
                    // Removed while this writer waited: lock the new one.
                    Ok(()) => break,
                    Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                        std::thread::sleep(pause);
                        pause = (pause * 2).min(Duration::from_millis(25));
                    }
                    Err(fs::TryLockError::WouldBlock) => {
                        return Err(Busy {
                            path: self.path.display().to_string(),
                            seconds: wait.as_secs_f64(),
                        }
                        .into());
                    }
                    Err(fs::TryLockError::Error(e)) => {
                        return Err(e)
                            .with_context(|| format!("cannot lock {}", lock_path.display()));
                    }
                }
            }
        }
    }

    fn refuse_read_only(&self) -> Result<()> {
        match fs::metadata(&self.target) {
            Ok(meta) if owner_cannot_write(&meta) => bail!(
                "{} is read-only, so attain will not change it; make it writable (chmod u+w) \
                 or pass another --file",
                self.path.display()
            ),
            _ => Ok(()),
        }
    }

    /// Temp file in the same folder, fsync, rename over, fsync the folder.
    /// The temp file is locked while it exists, so that a later write can
    /// tell one left by a killed writer (removed) from a live one.
    fn save(&self, document: &Document, verbatim: Option<&Verbatim>) -> Result<()> {
        let folder = self.folder();
        let unchanged = || format!("{} was left unchanged", self.path.display());
        let name = self
            .target
            .file_name()
            .unwrap_or_default()
            .to_string_lossy();
        remove_stale_temp_files(&folder, &name);
        if let Some(version) = document.migrated_from {
            self.keep_original(version)?;
        }
        let mut temp = tempfile::Builder::new()
            .prefix(&temp_prefix(&name))
            .suffix(TEMP_SUFFIX)
            .tempfile_in(&folder)
            .with_context(|| {
                format!(
                    "cannot create a temporary file in {}; {}",
                    folder.display(),
                    unchanged()
                )
            })?;
        temp.as_file()
            .lock()
            .and_then(|()| document.write_to(&mut temp, verbatim))
            .and_then(|()| temp.as_file().sync_all())
            .with_context(|| {
                format!(
                    "cannot write a temporary file in {}; {}",
                    folder.display(),
                    unchanged()
                )
            })?;
        if let Ok(meta) = fs::metadata(&self.target) {
            keep_owner_and_mode(temp.as_file(), &meta);
        }
        temp.persist(&self.target)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot replace {}; {}", self.path.display(), unchanged()))?;
        sync_folder(&folder);
        Ok(())
    }
}

impl Store {
    /// Before a file read in an older format is first written in the
    /// current one: a copy of the original beside it (`attain.json.v1`),
    /// once; an existing copy is never replaced.
    fn keep_original(&self, version: u32) -> Result<()> {
        let mut name = self.target.as_os_str().to_owned();
        name.push(format!(".v{version}"));
        let copy = PathBuf::from(name);
        if fs::symlink_metadata(&copy).is_ok() {
            return Ok(());
        }
        fs::copy(&self.target, &copy)
            .and_then(|_| File::open(&copy)?.sync_all())
            .with_context(|| {
                format!(
                    "cannot keep a copy of the format-{version} original at {} before saving it \
                     as format {CURRENT_VERSION}; {} was left unchanged",
                    copy.display(),
                    self.path.display()
                )
            })?;
        Ok(())
    }
}

/// A file's bytes as read, and where the parts a save may copy are.
struct Source {
    bytes: FileBytes,
    layout: fast::Layout,
}

/// The sidecar lock, held until dropped.
struct Lock {
    _file: File,
    /// Whether this writer made the lock file (the data file's first
    /// write, or the first since a failed one).
    created: bool,
}

/// Whether `file` is still the file at `path` (not removed or replaced).
#[cfg(unix)]
fn is_same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(held), Ok(now)) => held.dev() == now.dev() && held.ino() == now.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// Removes the folder a failed first write made (only when still empty).
fn remove_new_folder(folder: &Path, new: bool) {
    if new {
        let _ = fs::remove_dir(folder);
    }
}

/// Every temporary file attain writes ends so.
const TEMP_SUFFIX: &str = ".tmp";

/// The start of the name of a temporary copy of the data file `name`.
fn temp_prefix(name: &str) -> String {
    format!(".attain-{name}-")
}

/// How old a temporary file of an older attain (named `.attain-XXXXXX.tmp`,
/// without the data file's name, and never locked) must be before it counts
/// as left behind.
const LEGACY_TEMP_AGE: Duration = Duration::from_secs(3600);

/// Removes the temporary files that killed writers of data file `name` left
/// in `folder`: those of attain's own naming that no live writer holds.
/// Called under the data file's lock; nothing else in the folder is touched,
/// and a file that cannot be checked is left alone.
fn remove_stale_temp_files(folder: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let ours = temp_prefix(name);
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let stale = if is_temp_name(file_name, &ours) {
            true
        } else if is_legacy_temp_name(file_name) {
            entry
                .metadata()
                .ok()
                .and_then(|meta| meta.modified().ok())
                .and_then(|modified| modified.elapsed().ok())
                .is_some_and(|age| age > LEGACY_TEMP_AGE)
        } else {
            false
        };
        if stale && !held_by_a_writer(&entry.path()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// `<prefix>` + tempfile's six random letters and digits + `.tmp`.
fn is_temp_name(file_name: &str, prefix: &str) -> bool {
    file_name
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|random| {
            random.len() == 6 && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

fn is_legacy_temp_name(file_name: &str) -> bool {
    is_temp_name(file_name, ".attain-")
}

/// Whether a live writer holds the temporary file's lock (or it cannot be
/// checked, which counts as held).
fn held_by_a_writer(path: &Path) -> bool {
    let Ok(file) = OpenOptions::new().read(true).open(path) else {
        return true;
    };
    match file.try_lock() {
        Ok(()) => false,
        Err(_) => true,
    }
}

/// Gives the replacement file the original's owner, group and mode. The
/// owner can only be kept by a process allowed to give files away (root);
/// otherwise the file becomes this user's, as any rewrite would.
#[cfg(unix)]
fn keep_owner_and_mode(file: &File, original: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    // chown first: it may clear set-id bits that the mode then restores.
    let _ = std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid()));
    let _ = file.set_permissions(original.permissions());
}

#[cfg(not(unix))]
fn keep_owner_and_mode(file: &File, original: &fs::Metadata) {
    let _ = file.set_permissions(original.permissions());
}

/// The file a path names, following symbolic links (also one that points
/// nowhere yet: the first write creates its target). A loop of links is
/// left as it is, and reading it reports the loop.
fn follow_links(path: &Path) -> PathBuf {
    const MAX_LINKS: usize = 40;
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let is_link =
            fs::symlink_metadata(&current).is_ok_and(|meta| meta.file_type().is_symlink());
        if !is_link {
            return current;
        }
        let Ok(target) = fs::read_link(&current) else {
            return current;
        };
        current = match current.parent() {
            Some(parent) if target.is_relative() => parent.join(target),
            _ => target,
        };
    }
    path.to_path_buf()
}

/// A read that failed, with what to do about it.
fn unreadable(error: std::io::Error, shown: &impl std::fmt::Display) -> anyhow::Error {
    let fix = match error.kind() {
        ErrorKind::PermissionDenied => {
            "; check its permissions and those of its folders (ls -l), or pass another --file"
        }
        _ => "",
    };
    anyhow::Error::new(error).context(format!("cannot read {shown}{fix}"))
}

fn not_a_file(shown: &impl std::fmt::Display, what: &str) -> String {
    format!("{shown} is {what}, not a data file; pass --file with the path of a JSON data file")
}

/// Reads `ATTAIN_LOCK_TIMEOUT`: a number of seconds from 0 to a day
/// (`0.5`, `30`, `600`); unset or empty means the default wait.
pub fn lock_wait(value: Option<&str>) -> Result<Duration> {
    let Some(text) = value.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(DEFAULT_LOCK_WAIT);
    };
    let refuse = || {
        anyhow!(
            "ATTAIN_LOCK_TIMEOUT is '{}', not a number of seconds; set it to a number from 0 to \
             {} (such as 0.5 or 120) or unset it for the default {} s",
            crate::domain::text::clip(text, 24),
            MAX_LOCK_WAIT.as_secs(),
            DEFAULT_LOCK_WAIT.as_secs()
        )
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || whole.len() > 6 || fraction.len() > 9 {
        return Err(refuse());
    }
    let seconds: u64 = whole.parse().map_err(|_| refuse())?;
    let nanos: u32 = format!("{fraction:0<9}").parse().map_err(|_| refuse())?;
    let wait = Duration::new(seconds, nanos);
    if wait > MAX_LOCK_WAIT {
        return Err(refuse());
    }
    Ok(wait)
}

/// Parses and validates the bytes of a data file; `shown` names the file
/// in errors. Every data file attain reads goes through here.
pub fn parse_document(bytes: &[u8], shown: &dyn std::fmt::Display) -> Result<Document> {
    parse_with_layout(bytes, shown, fast::Reading::PLAIN).map(|(document, _)| document)
}

/// [`parse_document`] of a file's bytes, letting go of the parts parsed,
/// and where the results' lines are when each is as attain writes it
/// ([`migrate::decode_with_layout`]). Without `history`, the history is
/// checked but not kept.
fn parse_file(
    bytes: &FileBytes,
    shown: &dyn std::fmt::Display,
    history: fast::History,
) -> Result<(Document, fast::Layout)> {
    let release = |part: &[u8]| bytes.release(part);
    let reading = fast::Reading {
        release: &release,
        history,
    };
    parse_with_layout(bytes, shown, reading)
}

fn parse_with_layout(
    bytes: &[u8],
    shown: &dyn std::fmt::Display,
    reading: fast::Reading,
) -> Result<(Document, fast::Layout)> {
    use migrate::DecodeError;
    let (document, results) = migrate::decode_with_layout(bytes, reading).map_err(|e| match e {
        DecodeError::Syntax { .. } if let Some(line) = conflict_marker(bytes) => anyhow!(
            "{shown}:{line}:1: the data file holds git conflict markers from a merge; it was left \
             untouched: keep one side between each <<<<<<< and >>>>>>>, remove the markers, then \
             `git add` it"
        ),
        DecodeError::Syntax {
            line,
            column,
            reason,
        } => anyhow!(
            "{shown}:{line}:{column}: the data file is not valid attain data ({}); it was left \
             untouched: fix it by hand or restore it from a backup",
            crate::domain::text::clip(strip_position(&reason), 200)
        ),
        DecodeError::Newer(version) => anyhow!(newer_version(&shown, version)),
        DecodeError::Zero => {
            anyhow!("{shown}: version 0 is not an attain data version; it was left untouched")
        }
        DecodeError::Migration(reason) => anyhow!(
            "{shown}: {reason}; the file was left untouched: fix it by hand or restore it from a \
             backup"
        ),
    })?;
    document.validate().map_err(|reason| {
        anyhow!(
            "{shown}: {reason}; the file was left untouched: fix it by hand or restore it \
             from a backup"
        )
    })?;
    Ok((document, results))
}

/// The owner's write bit, not whether this process could write: root can
/// write anything, and a file its owner made read-only is meant to stay so.
#[cfg(unix)]
/// The line of the first git conflict marker (`<<<<<<< `) at the start
/// of a line, when the file has one.
fn conflict_marker(bytes: &[u8]) -> Option<usize> {
    bytes
        .split(|&b| b == b'\n')
        .position(|line| line.starts_with(b"<<<<<<<"))
        .map(|at| at + 1)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_file_gets_the_fix_with_the_reason() {
        let denied = unreadable(ErrorKind::PermissionDenied.into(), &"team/attain.json");
        let message = format!("{denied:#}");
        assert!(
            message.starts_with("cannot read team/attain.json; check its permissions"),
            "{message}"
        );
        assert!(message.contains("pass another --file"), "{message}");
        let other = format!("{:#}", unreadable(ErrorKind::Other.into(), &"a.json"));
        assert!(other.starts_with("cannot read a.json: "), "{other}");
    }

    #[test]
    fn the_lock_timeout_is_read_strictly() {
        assert_eq!(lock_wait(None).unwrap(), DEFAULT_LOCK_WAIT);
        assert_eq!(lock_wait(Some("")).unwrap(), DEFAULT_LOCK_WAIT);
        assert_eq!(lock_wait(Some("0")).unwrap(), Duration::ZERO);
        assert_eq!(lock_wait(Some("0.25")).unwrap(), Duration::from_millis(250));
        assert_eq!(lock_wait(Some(" 120 ")).unwrap(), Duration::from_secs(120));
        assert_eq!(lock_wait(Some("86400")).unwrap(), MAX_LOCK_WAIT);
        for bad in [
            "86400.5", "1e20", "-1", "inf", "abc", ".5", "5.", "1.2.3", "9999999",
        ] {
            let error = lock_wait(Some(bad)).unwrap_err().to_string();
            assert!(error.contains("ATTAIN_LOCK_TIMEOUT"), "{bad}: {error}");
        }
    }

    #[test]
    fn a_store_of_several_files_reads_them_as_one_and_changes_none() {
        let dir = tempfile::tempdir().unwrap();
        let east = dir.path().join("east.json");
        Store::new(east.clone())
            .update(|document| {
                document.people.push(crate::domain::org::Person {
                    id: "ana".into(),
                    name: "Ana".into(),
                    email: None,
                });
                Ok(())
            })
            .unwrap();
        let west = dir.path().join("west").join("west.json");
        let several = || Store::new(west.clone()).with_more_files(vec![east.clone()]);
        assert_eq!(several().files(), 2);
        let missing = several().load().unwrap_err().to_string();
        assert!(
            missing.starts_with("there is no data file at "),
            "{missing}"
        );
        assert!(missing.contains("west.json"), "{missing}");
        let refused = "this command changes one file, but 2 were given with -f; give one -f to \
                       say which";
        let change = |_: &mut Document| Ok(());
        assert_eq!(several().update(change).unwrap_err().to_string(), refused);
        assert_eq!(
            several()
                .update_without_history(change)
                .unwrap_err()
                .to_string(),
            refused
        );
        assert_eq!(
            several()
                .with_dry_run(true)
                .update(change)
                .unwrap_err()
                .to_string(),
            refused
        );
        assert_eq!(several().preview(change).unwrap_err().to_string(), refused);
        assert!(
            !west.parent().unwrap().exists(),
            "no folder, file or lock made"
        );
        let one = Store::new(east.clone());
        one.refuse_several("record").unwrap();
        let twice = Store::new(east.clone()).with_more_files(vec![east.clone()]);
        assert_eq!(twice.load().unwrap(), one.load().unwrap());
        assert_eq!(twice.peek(), one.peek());
    }

    #[test]
    fn temp_files_are_recognised_by_their_exact_naming() {
        let ours = temp_prefix("attain.json");
        assert!(is_temp_name(".attain-attain.json-Ab3dE9.tmp", &ours));
        assert!(!is_temp_name(".attain-attain.json-Ab3dE.tmp", &ours));
        assert!(!is_temp_name(".attain-attain.json-Ab3dE9!.tmp", &ours));
        assert!(!is_temp_name(".attain-attain.json-Ab3dE9.txt", &ours));
        assert!(!is_temp_name(".attain-west.json-Ab3dE9.tmp", &ours));
        assert!(is_legacy_temp_name(".attain-Qw8rTy.tmp"));
        assert!(!is_legacy_temp_name(".attain-abc.tmp"));
    }
}
