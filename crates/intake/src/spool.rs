//! Bounded temporary storage for the photos of an upload while it arrives.
//!
//! A report's photos are written part by part, as the bytes come in, to files in
//! `<data-dir>/uploads/` (mode `0700`, files `0600`): an upload is never held whole in memory.
//! All uploads in flight together may hold at most [`Spool::cap`] bytes there ([`MAX_SPOOL_BYTES`]
//! by default); a file is deleted as soon as its [`SpoolFile`] is dropped, whether the report was
//! stored, refused or its connection cut. Files left behind by a crash are deleted at start-up.
//!
//! **Disk floor**: while the data directory's file system has less than
//! [`Spool::min_free_disk`] free ([`MIN_FREE_DISK`] by default, `serve --min-free-disk`), no photo
//! is taken (the upload is refused with `photo_no_room`), so that photos cannot fill the disk the
//! database needs; reports without photos are still taken.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::AsyncWriteExt;

/// The directory of the temporary files inside the data directory.
pub const SPOOL_DIR: &str = "uploads";
/// The default [`Spool::cap`]: twenty full uploads at once.
pub const MAX_SPOOL_BYTES: u64 = 1024 * 1024 * 1024;
/// The default disk floor (`serve --min-free-disk`).
pub const MIN_FREE_DISK: u64 = 1024 * 1024 * 1024;

/// Why a photo could not be put in temporary storage.
#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    /// The disk is below the floor, the uploads in flight already fill the cap, or the disk
    /// filled up while writing.
    #[error("no room for photos")]
    NoRoom,
    /// Another input or output error.
    #[error("temporary upload file: {0}")]
    Io(io::Error),
}

impl From<io::Error> for SpoolError {
    fn from(err: io::Error) -> Self {
        if err.kind() == io::ErrorKind::StorageFull { SpoolError::NoRoom } else { SpoolError::Io(err) }
    }
}

/// The temporary storage of uploads in flight.
#[derive(Debug)]
pub struct Spool {
    dir: PathBuf,
    cap: u64,
    min_free_disk: u64,
    used: AtomicU64,
    next: AtomicU64,
}

impl Spool {
    /// Storage in `<data_dir>/uploads`, created if needed.
    pub fn open(data_dir: &Path, cap: u64, min_free_disk: u64) -> io::Result<Self> {
        let dir = data_dir.join(SPOOL_DIR);
        crate::files::create_private_dir(&dir)?;
        Ok(Self { dir, cap, min_free_disk, used: AtomicU64::new(0), next: AtomicU64::new(0) })
    }

    /// Deletes the files a crashed service left behind. Only for the process that holds the
    /// data directory's lock (see [`crate::lock_data_dir`]), before it takes uploads.
    pub fn remove_leftovers(&self) -> io::Result<()> {
        for entry in std::fs::read_dir(&self.dir)? {
            let path = entry?.path();
            if path.is_file() {
                std::fs::remove_file(&path)?;
            }
        }
        Ok(())
    }

    /// The directory of the temporary files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The most bytes all uploads in flight may hold together.
    pub fn cap(&self) -> u64 {
        self.cap
    }

    /// The free space below which no photo is taken.
    pub fn min_free_disk(&self) -> u64 {
        self.min_free_disk
    }

    /// The bytes the uploads in flight hold now.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    /// Whether the file system has at least the floor free (`true` when it cannot be asked).
    pub fn above_floor(&self) -> bool {
        crate::metrics::disk_free(&self.dir).is_none_or(|free| free >= self.min_free_disk)
    }

    /// A new, empty temporary file; refused below the disk floor.
    pub async fn create(self: &Arc<Self>) -> Result<SpoolFile, SpoolError> {
        if !self.above_floor() {
            return Err(SpoolError::NoRoom);
        }
        let mut random = [0u8; 8];
        getrandom::fill(&mut random).map_err(|err| SpoolError::Io(io::Error::other(err)))?;
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let name: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let path = self.dir.join(format!("{n}-{name}.part"));
        let mut options = tokio::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        options.mode(0o600);
        let file = options.open(&path).await?;
        Ok(SpoolFile { spool: Arc::clone(self), path, file: Some(tokio::io::BufWriter::new(file)), len: 0 })
    }
}

/// One photo in temporary storage; deleted when dropped.
#[derive(Debug)]
pub struct SpoolFile {
    spool: Arc<Spool>,
    path: PathBuf,
    file: Option<tokio::io::BufWriter<tokio::fs::File>>,
    len: u64,
}

impl SpoolFile {
    /// Appends `bytes`, within the spool's cap.
    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), SpoolError> {
        let add = bytes.len() as u64;
        let before = self.spool.used.fetch_add(add, Ordering::Relaxed);
        self.len += add;
        if before.saturating_add(add) > self.spool.cap {
            return Err(SpoolError::NoRoom);
        }
        let file = self.file.as_mut().ok_or_else(|| SpoolError::Io(io::Error::other("already finished")))?;
        file.write_all(bytes).await?;
        Ok(())
    }

    /// Writes out what is buffered and closes the file.
    pub async fn finish(&mut self) -> Result<(), SpoolError> {
        if let Some(mut file) = self.file.take() {
            file.flush().await?;
        }
        Ok(())
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The bytes written.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Drop for SpoolFile {
    fn drop(&mut self) {
        drop(self.file.take());
        if let Err(err) = std::fs::remove_file(&self.path)
            && err.kind() != io::ErrorKind::NotFound
        {
            tracing::error!("cannot delete a temporary upload file: {err}");
        }
        self.spool.used.fetch_sub(self.len, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn files_count_against_the_cap_and_are_deleted_when_dropped() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let spool = Arc::new(Spool::open(dir.path(), 10, 0).expect("spool"));
        let mut a = spool.create().await.expect("a file");
        a.write(b"123456").await.expect("within the cap");
        a.finish().await.expect("finish");
        assert_eq!(std::fs::read(a.path()).expect("read"), b"123456");
        let mut b = spool.create().await.expect("another file");
        assert!(matches!(b.write(b"12345").await, Err(SpoolError::NoRoom)), "6 + 5 > 10");
        let (a_path, b_path) = (a.path().to_owned(), b.path().to_owned());
        drop((a, b));
        assert!(!a_path.exists() && !b_path.exists());
        assert_eq!(spool.used(), 0);
    }

    #[tokio::test]
    async fn below_the_floor_no_file_is_made_and_leftovers_go_at_start_up() {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::create_dir_all(dir.path().join(SPOOL_DIR)).expect("dir");
        std::fs::write(dir.path().join(SPOOL_DIR).join("0-left.part"), b"x").expect("leftover");
        let spool = Arc::new(Spool::open(dir.path(), 10, u64::MAX).expect("spool"));
        spool.remove_leftovers().expect("remove");
        assert_eq!(std::fs::read_dir(spool.dir()).expect("list").count(), 0, "leftover deleted");
        assert!(!spool.above_floor());
        assert!(matches!(spool.create().await, Err(SpoolError::NoRoom)));
    }
}
