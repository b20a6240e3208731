//! Start-up: open the store, migrate it, make sure an admin key exists, and
//! load (or create) the key that encrypts credentials at rest.

use crate::settings::{ServeArgs, StoreArgs};
use preloop_core::ports::{Random, Sql};
use preloop_core::secrets::Cipher;
use preloop_core::store::migrate;
use preloop_native::{OsRandom, PostgresSql, SqliteSql, SystemClock};
use std::io::Write;
use std::rc::Rc;

/// The store every worker thread shares (each adapter is a cheap clone).
#[derive(Clone)]
pub enum Store {
    Sqlite(SqliteSql),
    Postgres(PostgresSql),
}

impl Store {
    pub fn open(args: &StoreArgs) -> Result<Self, String> {
        match &args.database_url {
            Some(url) => Ok(Store::Postgres(
                PostgresSql::connect(url, args.db_pool_size).map_err(|e| e.message)?,
            )),
            None => {
                std::fs::create_dir_all(&args.data_dir).map_err(|e| {
                    format!(
                        "cannot create data directory {}: {e}",
                        args.data_dir.display()
                    )
                })?;
                let path = args.data_dir.join("preloop.db");
                Ok(Store::Sqlite(
                    SqliteSql::open(&path).map_err(|e| e.message)?,
                ))
            }
        }
    }
    pub fn as_sql(&self) -> Rc<dyn Sql> {
        match self {
            Store::Sqlite(s) => Rc::new(s.clone()),
            Store::Postgres(p) => Rc::new(p.clone()),
        }
    }
    /// The store for one worker thread: Postgres connections are opened
    /// (and driven) on that thread's runtime; SQLite is one shared
    /// connection either way.
    pub fn for_this_thread(&self) -> Rc<dyn Sql> {
        match self {
            Store::Sqlite(s) => Rc::new(s.clone()),
            Store::Postgres(p) => Rc::new(p.for_this_thread()),
        }
    }
    pub fn describe(&self, args: &StoreArgs) -> String {
        match self {
            Store::Sqlite(_) => format!("sqlite {}", args.data_dir.join("preloop.db").display()),
            Store::Postgres(_) => "postgres (DATABASE_URL)".into(),
        }
    }
}

pub async fn migrate(store: &Store) -> Result<Vec<i64>, String> {
    migrate::run(store.as_sql().as_ref())
        .await
        .map_err(|e| format!("migrations failed: {}", e.message))
}

/// Ensures an account and an admin key exist. Returns a newly generated key,
/// which the caller prints once; nothing else ever shows it again.
pub async fn ensure_admin(
    store: &Store,
    admin_key: Option<&str>,
) -> Result<Option<String>, String> {
    preloop_core::bootstrap::ensure_admin(
        store.as_sql().as_ref(),
        &SystemClock,
        &OsRandom,
        admin_key,
    )
    .await
    .map_err(|e| format!("bootstrap failed: {}", e.message))
}

/// The cipher for credentials at rest: from `PRELOOP_SECRET_KEY`, else from
/// `<data-dir>/secret.key`, created on first start with mode 0600.
pub fn cipher(args: &ServeArgs) -> Result<Cipher, String> {
    if let Some(k) = &args.secret_key {
        return Cipher::from_hex(k).map_err(|e| format!("PRELOOP_SECRET_KEY: {}", e.message));
    }
    let (path, hex_key) = key_file(args, "secret.key")?;
    Cipher::from_hex(&hex_key).map_err(|e| format!("{}: {}", path.display(), e.message))
}

/// The audit signing key: the setting, else a key file beside the store
/// (created on first start). Never in the database.
pub fn audit_signing_key(args: &ServeArgs) -> Result<String, String> {
    if let Some(k) = &args.audit_signing_key {
        preloop_core::audit::checkpoint::Signer::from_hex(k).map_err(|e| e.message)?;
        return Ok(k.clone());
    }
    let (path, hex_key) = key_file(args, "audit-signing.key")?;
    preloop_core::audit::checkpoint::Signer::from_hex(&hex_key)
        .map_err(|e| format!("{}: {}", path.display(), e.message))?;
    Ok(hex_key)
}

/// The keys access tokens are signed with: the setting, else a key file
/// beside the store (created on first start), named by its fingerprint.
pub fn jwt_keys(args: &ServeArgs) -> Result<preloop_core::auth::jwt::JwtKeys, String> {
    use preloop_core::auth::jwt::{JwtKeys, SigningKey};
    if let Some(k) = &args.jwt_keys {
        return JwtKeys::parse(k).map_err(|e| format!("PRELOOP_JWT_KEYS: {e}"));
    }
    let (path, hex_key) = key_file(args, "jwt-signing.key")?;
    let secret = hex::decode(&hex_key).map_err(|_| format!("{}: not hex", path.display()))?;
    let kid = format!("local-{}", &preloop_core::auth::hash_key(&hex_key)[..8]);
    let key = SigningKey::new(&kid, secret).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(JwtKeys::from_keys(vec![key]))
}

/// A 256-bit key kept in the data directory (mode 0600): read it, or create
/// it with fresh random bytes.
fn key_file(args: &ServeArgs, name: &str) -> Result<(std::path::PathBuf, String), String> {
    let path = args.store.data_dir.join(name);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        return Ok((path, existing.trim().to_string()));
    }
    std::fs::create_dir_all(&args.store.data_dir).map_err(|e| {
        format!(
            "cannot create data directory {}: {e}",
            args.store.data_dir.display()
        )
    })?;
    let mut key = [0u8; 32];
    OsRandom.fill(&mut key);
    let hex_key: String = key.iter().map(|b| format!("{b:02x}")).collect();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    file.write_all(hex_key.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok((path, hex_key))
}
