//! A data file's bytes as read: a large file is mapped into memory rather
//! than copied into a buffer, which spares a million-result file a copy of
//! 140 MB and as many freshly zeroed pages.

use std::fs::{self, File};
use std::io;
use std::ops::Deref;
use std::path::Path;

/// From this size on a file is mapped.
const MAP_FROM: u64 = 4 << 20;

#[derive(Debug)]
pub enum FileBytes {
    Read(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl FileBytes {
    /// The bytes of the regular file at `path`, `len` bytes long when it
    /// was looked at.
    pub fn read(path: &Path, len: u64) -> io::Result<FileBytes> {
        if len < MAP_FROM {
            return fs::read(path).map(FileBytes::Read);
        }
        let file = File::open(path)?;
        // SAFETY: the map is read-only and attain never changes a data
        // file in place: every write goes to a new file renamed over the
        // old one, which leaves this map reading the old one's bytes. Only
        // another program truncating the file in place while attain reads
        // it could make the map invalid; ripgrep accepts the same for the
        // same gain.
        let map = unsafe { memmap2::MmapOptions::new().populate().map(&file)? };
        Ok(FileBytes::Mapped(map))
    }
}

impl Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Read(bytes) => bytes,
            FileBytes::Mapped(map) => map,
        }
    }
}
