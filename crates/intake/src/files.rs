//! Files only the service's own user may read: the data directory (`0700`), the database with
//! its `-wal` and `-shm` files, backups and the key (`0600`). Other users on the same server
//! (a shared host, a compromised web server account) must not be able to copy them.

use std::io;
use std::path::Path;

/// Creates `dir` (and its parents) if needed; a directory this creates gets mode `0700`.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Creates an empty file at `path` with mode `0600` if there is none (SQLite then keeps that
/// mode for the database and gives it to the `-wal` and `-shm` files it makes next to it).
pub fn create_private_file(path: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(err) => Err(err),
    }
}

/// Takes group and other permissions away from `path` if it exists (Unix only).
pub fn restrict_to_owner(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(meta) = std::fs::metadata(path) else {
            return Ok(());
        };
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o077))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
    }

    #[test]
    fn new_directories_and_files_are_the_owners_only() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let data = dir.path().join("a/b");
        create_private_dir(&data).expect("create");
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        let file = data.join("f");
        create_private_file(&file).expect("create");
        assert_eq!(mode(&file), 0o600);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        restrict_to_owner(&file).expect("restrict");
        assert_eq!(mode(&file), 0o600);
        restrict_to_owner(&data.join("missing")).expect("a missing file is fine");
    }
}
