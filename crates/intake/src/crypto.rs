//! Encryption at rest of what identifies a reporter: contact details, photos, and what they wrote
//! about what they saw and where (the description, the address, an unknown source).
//!
//! The key is 32 random bytes in a file **outside the database**: `<data-dir>/keys/report.key` by
//! default (`intake serve --key-file PATH` puts it elsewhere). It is created with mode `0600` (in
//! a `0700` directory) the first time the service starts on a database that has no encrypted
//! data yet. The database alone therefore reveals no reporter; the database and the key together
//! do, so they must be kept (and backed up) apart.
//!
//! Each value is sealed with XChaCha20-Poly1305 under a fresh random 24-byte nonce, and with
//! *associated data* naming what it is and which report it belongs to (see [`Context`]), so a
//! sealed value copied into another row or column fails to open instead of being misattributed.
//! The stored form is `version (1 byte) ‖ nonce (24 bytes) ‖ ciphertext ‖ tag (16 bytes)`.
//!
//! The database records a *key check* (a sealed constant, see [`ReportKey::key_check`]), so that
//! the service refuses to start with the wrong key, and refuses to make a new key when the
//! database already holds data sealed under a lost one.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use portal_core::report::Contact;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The length of the key in bytes.
pub const KEY_LEN: usize = 32;
/// The first byte of every sealed value of this format.
const VERSION: u8 = 1;
/// The nonce length of XChaCha20-Poly1305.
const NONCE_LEN: usize = 24;
/// The authentication tag length.
const TAG_LEN: usize = 16;
/// The plaintext of the key check.
const KEY_CHECK_PLAINTEXT: &[u8] = b"lyg-portal report key check";
/// The name of the key file inside `<data-dir>/keys/`.
pub const KEY_FILE: &str = "report.key";
/// The directory of the key inside the data directory.
pub const KEY_DIR: &str = "keys";

/// What a sealed value is; part of its associated data.
#[derive(Debug, Clone, Copy)]
pub enum Context<'a> {
    /// The contact details of the report with this public id.
    Contact {
        /// The report's public id.
        report: &'a str,
    },
    /// The description, address and unknown source of the report with this public id.
    Account {
        /// The report's public id.
        report: &'a str,
    },
    /// The bureau's replies to the report with this public id (each sealed on its own).
    Reply {
        /// The report's public id.
        report: &'a str,
    },
    /// A staff note on the report with this public id (each sealed on its own; see
    /// [`crate::store::add_note`]).
    Note {
        /// The report's public id.
        report: &'a str,
    },
    /// The photo at `position` of the report with this public id.
    Photo {
        /// The report's public id.
        report: &'a str,
        /// The photo's position (0-based) in the report.
        position: i64,
    },
    /// The database's key check.
    KeyCheck,
}

impl Context<'_> {
    fn associated_data(self) -> Vec<u8> {
        match self {
            Context::Contact { report } => format!("lyg-portal/v1/contact/{report}").into_bytes(),
            Context::Account { report } => format!("lyg-portal/v1/account/{report}").into_bytes(),
            Context::Reply { report } => format!("lyg-portal/v1/reply/{report}").into_bytes(),
            Context::Note { report } => format!("lyg-portal/v1/note/{report}").into_bytes(),
            Context::Photo { report, position } => format!("lyg-portal/v1/photo/{report}/{position}").into_bytes(),
            Context::KeyCheck => b"lyg-portal/v1/key-check".to_vec(),
        }
    }
}

/// What a reporter wrote about what they saw and where, sealed as one value (JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Account {
    /// What they saw, smelled or measured.
    pub description: String,
    /// Where, in their words.
    pub address: Option<String>,
    /// The source, when they do not know the enterprise.
    pub source_description: Option<String>,
}

/// A reply from the bureau, as sealed: it goes to the reporter and may quote what they wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReplyText {
    /// The reply as written.
    pub text: String,
    /// A Chinese version, when `text` is in another language.
    pub text_zh: Option<String>,
}

/// Errors from the key file or from sealing and opening values.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    /// The key file could not be read, created or written.
    #[error("key file {}: {source}", path.display())]
    Io {
        /// The key file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The key file does not hold a key.
    #[error("key file {} does not hold a key (32 bytes, or 64 hexadecimal digits)", path.display())]
    BadKeyFile {
        /// The key file.
        path: PathBuf,
    },
    /// The operating system gave no randomness.
    #[error("no randomness available: {0}")]
    Random(getrandom::Error),
    /// Encryption failed (only possible for absurdly large values).
    #[error("cannot encrypt the value")]
    Seal,
    /// A sealed value did not open: wrong key, wrong place, or damaged.
    #[error("a sealed value does not open with this key (wrong key, or damaged data)")]
    Open,
}

/// The key that seals reporters' contact details and photos. Its bytes are never printed.
#[derive(Clone)]
pub struct ReportKey {
    cipher: XChaCha20Poly1305,
}

impl fmt::Debug for ReportKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReportKey(…)")
    }
}

impl ReportKey {
    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: &[u8; KEY_LEN]) -> Self {
        Self { cipher: XChaCha20Poly1305::new(bytes.into()) }
    }

    /// A fresh random key (its bytes are returned too, to be written somewhere).
    pub fn generate() -> Result<(Self, [u8; KEY_LEN]), CryptoError> {
        let mut bytes = [0u8; KEY_LEN];
        getrandom::fill(&mut bytes).map_err(CryptoError::Random)?;
        Ok((Self::from_bytes(&bytes), bytes))
    }

    /// Reads the key file at `path`: exactly 32 bytes, or 64 hexadecimal digits (surrounding
    /// white space allowed, for a key typed back from paper).
    pub fn load(path: &Path) -> Result<Self, CryptoError> {
        load_key_file(path).map(|bytes| Self::from_bytes(&bytes))
    }

    /// Creates a new random key at `path` (and its directory, mode `0700`), with mode `0600`.
    ///
    /// Never overwrites: the key is written to a temporary file in the same directory and then
    /// hard-linked into place, which fails if `path` exists (say, made by another process a moment
    /// ago); in that case the key already there is loaded and returned.
    pub fn create(path: &Path) -> Result<Self, CryptoError> {
        create_key_file(path).map(|bytes| Self::from_bytes(&bytes))
    }

    /// Seals `plaintext` for `context` under a fresh random nonce.
    pub fn seal(&self, context: Context<'_>, plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(CryptoError::Random)?;
        let aad = context.associated_data();
        let ciphertext = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: &aad })
            .map_err(|_| CryptoError::Seal)?;
        let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        sealed.push(VERSION);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        Ok(sealed)
    }

    /// Opens a value made by [`ReportKey::seal`] for the same `context`.
    pub fn open(&self, context: Context<'_>, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if sealed.len() < 1 + NONCE_LEN + TAG_LEN || sealed[0] != VERSION {
            return Err(CryptoError::Open);
        }
        let (nonce, ciphertext) = sealed[1..].split_at(NONCE_LEN);
        let aad = context.associated_data();
        self.cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: &aad })
            .map_err(|_| CryptoError::Open)
    }

    /// A fresh key check: a sealed constant that only this key opens.
    pub fn key_check(&self) -> Result<Vec<u8>, CryptoError> {
        self.seal(Context::KeyCheck, KEY_CHECK_PLAINTEXT)
    }

    /// Whether `check` (from [`ReportKey::key_check`]) was made with this key.
    pub fn matches(&self, check: &[u8]) -> bool {
        self.open(Context::KeyCheck, check).is_ok_and(|plain| plain == KEY_CHECK_PLAINTEXT)
    }

    /// Seals `value` as JSON under `context`.
    fn seal_json<T: Serialize>(&self, context: Context<'_>, value: &T) -> Result<Vec<u8>, CryptoError> {
        let json = serde_json::to_vec(value).map_err(|_| CryptoError::Seal)?;
        self.seal(context, &json)
    }

    /// Opens JSON sealed by [`ReportKey::seal_json`] under `context`.
    fn open_json<T: DeserializeOwned>(&self, context: Context<'_>, sealed: &[u8]) -> Result<T, CryptoError> {
        let json = self.open(context, sealed)?;
        serde_json::from_slice(&json).map_err(|_| CryptoError::Open)
    }

    /// Seals contact details (as JSON) for the report `report`.
    pub fn seal_contact(&self, report: &str, contact: &Contact) -> Result<Vec<u8>, CryptoError> {
        self.seal_json(Context::Contact { report }, contact)
    }

    /// Opens contact details sealed by [`ReportKey::seal_contact`].
    pub fn open_contact(&self, report: &str, sealed: &[u8]) -> Result<Contact, CryptoError> {
        self.open_json(Context::Contact { report }, sealed)
    }

    /// Seals a report's account (as JSON) for the report `report`.
    pub fn seal_account(&self, report: &str, account: &Account) -> Result<Vec<u8>, CryptoError> {
        self.seal_json(Context::Account { report }, account)
    }

    /// Opens an account sealed by [`ReportKey::seal_account`].
    pub fn open_account(&self, report: &str, sealed: &[u8]) -> Result<Account, CryptoError> {
        self.open_json(Context::Account { report }, sealed)
    }

    /// Seals one of the bureau's replies to report `report`.
    pub fn seal_reply(&self, report: &str, reply: &ReplyText) -> Result<Vec<u8>, CryptoError> {
        self.seal_json(Context::Reply { report }, reply)
    }

    /// Opens a reply sealed by [`ReportKey::seal_reply`].
    pub fn open_reply(&self, report: &str, sealed: &[u8]) -> Result<ReplyText, CryptoError> {
        self.open_json(Context::Reply { report }, sealed)
    }
}

/// Reads a key file: exactly 32 bytes, or 64 hexadecimal digits (surrounding white space
/// allowed, for a key typed back from paper).
fn load_key_file(path: &Path) -> Result<[u8; KEY_LEN], CryptoError> {
    let raw = std::fs::read(path).map_err(|source| CryptoError::Io { path: path.to_owned(), source })?;
    let bad = || CryptoError::BadKeyFile { path: path.to_owned() };
    if let Ok(bytes) = <[u8; KEY_LEN]>::try_from(raw.as_slice()) {
        return Ok(bytes);
    }
    let text = std::str::from_utf8(&raw).map_err(|_| bad())?.trim();
    let bytes = decode_hex(text).ok_or_else(bad)?;
    <[u8; KEY_LEN]>::try_from(bytes.as_slice()).map_err(|_| bad())
}

/// Creates a key file of 32 random bytes at `path` (and its directory, mode `0700`), with mode
/// `0600`, never overwriting: the key is written to a temporary file in the same directory and
/// then hard-linked into place, which fails if `path` exists (say, made by another process a
/// moment ago); in that case the key already there is read and returned.
fn create_key_file(path: &Path) -> Result<[u8; KEY_LEN], CryptoError> {
    let io_err = |source| CryptoError::Io { path: path.to_owned(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    crate::files::create_private_dir(dir).map_err(io_err)?;
    let mut bytes = [0u8; KEY_LEN];
    getrandom::fill(&mut bytes).map_err(CryptoError::Random)?;
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(CryptoError::Random)?;
    let name = path.file_name().map_or_else(|| KEY_FILE.into(), |name| name.to_string_lossy());
    let tmp = dir.join(format!(".{name}.{}.tmp", encode_hex(&random)));
    let written = write_private_file(&tmp, &bytes).and_then(|()| std::fs::hard_link(&tmp, path));
    // The temporary name goes either way; a failure to remove it changes nothing.
    let _ = std::fs::remove_file(&tmp);
    match written {
        Ok(()) => {
            sync_dir(dir).map_err(io_err)?;
            Ok(bytes)
        }
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => load_key_file(path),
        Err(err) => Err(io_err(err)),
    }
}

/// The name of the receipt key file, beside the report key.
pub const RECEIPT_KEY_FILE: &str = "receipt.key";
/// What [`ReceiptKey::check`] authenticates.
const RECEIPT_KEY_CHECK: &[u8] = b"lyg-portal receipt key check";

/// The key of the receipt hashes.
///
/// A receipt is stored as `HMAC-SHA-256(receipt key, SHA-256(tag, salt, digits))` (see
/// [`crate::store::ReceiptHasher`]). The salt is in the database; the key is in a file beside
/// the report key (`<data-dir>/keys/receipt.key`, or `receipt.key` beside `--key-file`), made
/// `0600` on the first start, so a copy of the database or of a backup alone cannot test guesses
/// of the 16 digits against the stored hashes. Its bytes are never printed.
#[derive(Clone)]
pub struct ReceiptKey {
    bytes: [u8; KEY_LEN],
}

impl fmt::Debug for ReceiptKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReceiptKey(…)")
    }
}

impl ReceiptKey {
    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: &[u8; KEY_LEN]) -> Self {
        Self { bytes: *bytes }
    }

    /// Reads the key file at `path` (the formats of [`ReportKey::load`]).
    pub fn load(path: &Path) -> Result<Self, CryptoError> {
        load_key_file(path).map(|bytes| Self::from_bytes(&bytes))
    }

    /// Creates a new random key at `path`, as [`ReportKey::create`] does.
    pub fn create(path: &Path) -> Result<Self, CryptoError> {
        create_key_file(path).map(|bytes| Self::from_bytes(&bytes))
    }

    /// HMAC-SHA-256 of `message` under this key.
    pub fn mac(&self, message: &[u8]) -> [u8; 32] {
        use hmac::Mac;
        let mut mac =
            <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.bytes).expect("HMAC takes a key of any length");
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    /// The key check recorded in the database (hexadecimal), so that the service refuses a
    /// wrong receipt key instead of silently failing every status look-up.
    pub fn check(&self) -> String {
        encode_hex(&self.mac(RECEIPT_KEY_CHECK))
    }
}

/// The receipt key file beside the report key file `report_key`.
pub fn receipt_key_path(report_key: &Path) -> PathBuf {
    report_key.with_file_name(RECEIPT_KEY_FILE)
}

/// The default key file for a data directory: `<data-dir>/keys/report.key`.
pub fn default_key_path(data_dir: &Path) -> PathBuf {
    data_dir.join(KEY_DIR).join(KEY_FILE)
}

/// Whether the key file's permissions let anyone but its owner read it (Unix only).
pub fn is_readable_by_others(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|meta| meta.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Lowercase hexadecimal.
pub fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Decodes hexadecimal digits (either case); `None` on anything else.
pub fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| char::from(c).to_digit(16).and_then(|d| u8::try_from(d).ok());
    text.as_bytes().chunks(2).map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?)).collect()
}

/// Writes `bytes` to a new file at `path` with mode `0600` and syncs it.
fn write_private_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Syncs a directory, so that a new entry in it survives a crash (Unix only).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ReportKey {
        ReportKey::from_bytes(&[7; KEY_LEN])
    }

    #[test]
    fn sealed_values_open_only_in_their_own_context() {
        let key = key();
        let sealed = key.seal(Context::Photo { report: "abc", position: 0 }, b"photo bytes").expect("seal");
        assert_eq!(key.open(Context::Photo { report: "abc", position: 0 }, &sealed).expect("open"), b"photo bytes");
        assert!(key.open(Context::Photo { report: "abc", position: 1 }, &sealed).is_err());
        assert!(key.open(Context::Photo { report: "abd", position: 0 }, &sealed).is_err());
        assert!(key.open(Context::Contact { report: "abc" }, &sealed).is_err());
        assert!(
            ReportKey::from_bytes(&[8; KEY_LEN]).open(Context::Photo { report: "abc", position: 0 }, &sealed).is_err()
        );
        let mut damaged = sealed.clone();
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        assert!(key.open(Context::Photo { report: "abc", position: 0 }, &damaged).is_err());
        assert!(key.open(Context::KeyCheck, &[]).is_err());
    }

    #[test]
    fn each_seal_uses_a_new_nonce() {
        let key = key();
        let a = key.seal(Context::KeyCheck, b"same").expect("seal");
        let b = key.seal(Context::KeyCheck, b"same").expect("seal");
        assert_ne!(a, b);
        assert_eq!(a.len(), 1 + NONCE_LEN + 4 + TAG_LEN);
        assert!(!a.windows(4).any(|w| w == b"same"));
    }

    #[test]
    fn contacts_round_trip() {
        let key = key();
        let contact =
            Contact { name: Some("王小明".to_owned()), phone: Some("13912345678".to_owned()), email: None };
        let sealed = key.seal_contact("k7n4evbmnd", &contact).expect("seal");
        assert_eq!(key.open_contact("k7n4evbmnd", &sealed).expect("open"), contact);
        assert!(key.open_contact("other", &sealed).is_err());
    }

    #[test]
    fn the_key_check_tells_keys_apart() {
        let check = key().key_check().expect("check");
        assert!(key().matches(&check));
        assert!(!ReportKey::from_bytes(&[9; KEY_LEN]).matches(&check));
    }

    #[test]
    fn a_created_key_file_is_private_and_never_overwritten() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("data").join(KEY_DIR).join(KEY_FILE);
        let created = ReportKey::create(&path).expect("create");
        let bytes = std::fs::read(&path).expect("read");
        assert_eq!(bytes.len(), KEY_LEN);
        assert!(!is_readable_by_others(&path));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().expect("dir")), 0o700);
        }
        let check = created.key_check().expect("check");
        // A second create keeps the first key.
        let again = ReportKey::create(&path).expect("create again");
        assert!(again.matches(&check));
        assert_eq!(std::fs::read(&path).expect("read"), bytes);
        assert!(ReportKey::load(&path).expect("load").matches(&check));
        // Only the key file is left in the directory.
        let entries = std::fs::read_dir(path.parent().expect("dir")).expect("list").count();
        assert_eq!(entries, 1);
    }

    #[test]
    fn key_files_may_hold_hex_but_nothing_else() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("k");
        std::fs::write(&path, format!("{}\n", encode_hex(&[7; KEY_LEN]))).expect("write");
        assert!(ReportKey::load(&path).expect("load").matches(&key().key_check().expect("check")));
        for bad in [&b"short"[..], &[0u8; 33][..], "zz".repeat(32).as_bytes()] {
            std::fs::write(&path, bad).expect("write");
            assert!(matches!(ReportKey::load(&path), Err(CryptoError::BadKeyFile { .. })));
        }
        assert!(matches!(ReportKey::load(&dir.path().join("missing")), Err(CryptoError::Io { .. })));
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(encode_hex(&[0, 15, 255]), "000fff");
        assert_eq!(decode_hex("000fFF"), Some(vec![0, 15, 255]));
        assert_eq!(decode_hex("0"), None);
        assert_eq!(decode_hex("0g"), None);
    }
}
