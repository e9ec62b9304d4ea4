//! A data file's bytes as read: a large file is mapped into memory rather
//! than copied into a buffer, which spares a million-result file a copy of
//! 140 MB and as many freshly zeroed pages; and the parts already read are
//! let go of ([`FileBytes::release`]), so that the file and the document
//! parsed from it are not both held whole.

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
        let map = unsafe { memmap2::MmapOptions::new().map(&file)? };
        Ok(FileBytes::Mapped(map))
    }

    /// Lets go of the memory holding `part` (a slice of these bytes) until
    /// it is read again: a mapped file's pages leave the process (they
    /// stay in the page cache, and a later read maps them back with the
    /// same bytes); read bytes stay.
    pub fn release(&self, part: &[u8]) {
        #[cfg(unix)]
        if let FileBytes::Mapped(map) = self {
            let start = map.as_ptr() as usize;
            let Some(offset) = (part.as_ptr() as usize).checked_sub(start) else {
                return;
            };
            if offset + part.len() > map.len() {
                return;
            }
            // SAFETY: the map is a shared, read-only map of a file, so
            // MADV_DONTNEED only drops the pages from this process: the
            // next read of them maps the file's page-cache pages again,
            // with the same bytes (the caveat of `UncheckedAdvice::DontNeed`
            // is for private and anonymous maps, whose pages would read as
            // zeros).
            let _ = unsafe {
                map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, offset, part.len())
            };
        }
        #[cfg(not(unix))]
        let _ = part;
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
