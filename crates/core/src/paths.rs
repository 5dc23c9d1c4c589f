//! Where the database lives by default. The desktop app and the CLI must agree, so both
//! use this (the desktop asks Tauri's `app_data_dir`, which is the same folder).

use std::path::PathBuf;

/// The app identifier, also `identifier` in `tauri.conf.json`.
pub const APP_IDENTIFIER: &str = "id.bintek.desktop";
/// Environment variable that overrides the database path (tests, portable installs).
pub const DB_ENV: &str = "BINTEK_DB";
pub const DB_FILE_NAME: &str = "bintek.db";

/// `%APPDATA%\id.bintek.desktop\bintek.db` on Windows,
/// `~/.local/share/id.bintek.desktop/bintek.db` on Linux.
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
        .join(DB_FILE_NAME)
}

/// `BINTEK_DB` when set and not empty, else the default.
pub fn db_path_from_env() -> PathBuf {
    match std::env::var_os(DB_ENV) {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => default_db_path(),
    }
}

/// Whether `path` lies on a network drive, where SQLite's WAL mode is not safe (its
/// shared-memory index does not work across computers) and file locks are unreliable.
///
/// Windows: UNC paths (`\\server\share\…`, `\\?\UNC\…`). A drive *letter* mapped to a
/// share (`Z:`) is not recognised: that needs `GetDriveTypeW`, an `unsafe` FFI call this
/// workspace forbids. Linux: the file system type in `/proc/mounts` (NFS, SMB/CIFS, …).
/// Other systems: never.
pub fn is_network_path(path: &std::path::Path) -> bool {
    if cfg!(windows) && is_unc(&path.to_string_lossy()) {
        return true;
    }
    #[cfg(target_os = "linux")]
    {
        if let Ok(mounts) = std::fs::read_to_string("/proc/mounts") {
            // The file may not exist yet: look at the closest existing ancestor.
            let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            let real = abs
                .ancestors()
                .find_map(|a| std::fs::canonicalize(a).ok())
                .unwrap_or(abs);
            return mount_is_network(&mounts, &real);
        }
    }
    false
}

/// `\\server\share\…` or `\\?\UNC\server\…` (either slash), but not a device path
/// (`\\.\…`) nor a verbatim local one (`\\?\C:\…`).
pub fn is_unc(path: &str) -> bool {
    let p = path.replace('/', "\\");
    if let Some(rest) = p.strip_prefix(r"\\?\") {
        return rest
            .get(..4)
            .is_some_and(|s| s.eq_ignore_ascii_case(r"UNC\"));
    }
    if p.starts_with(r"\\.\") {
        return false;
    }
    p.strip_prefix(r"\\")
        .is_some_and(|rest| rest.chars().next().is_some_and(|c| c != '\\'))
}

/// File system types that live on another computer.
const NETWORK_FS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "ncpfs",
    "afs",
    "9p",
    "ceph",
    "glusterfs",
    "lustre",
    "davfs",
    "fuse.sshfs",
    "fuse.rclone",
    "fuse.glusterfs",
];

/// Whether the mount holding `path` (the longest mount point above it in a
/// `/proc/mounts` text) has a network file system type.
pub fn mount_is_network(mounts: &str, path: &std::path::Path) -> bool {
    let mut best: Option<(usize, &str)> = None;
    for line in mounts.lines() {
        let mut fields = line.split_whitespace();
        let (Some(_dev), Some(point), Some(fs)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // /proc/mounts writes a space in a mount point as \040.
        let point = point.replace("\\040", " ");
        if path.starts_with(&point) && best.is_none_or(|(len, _)| point.len() >= len) {
            best = Some((point.len(), fs));
        }
    }
    best.is_some_and(|(_, fs)| NETWORK_FS.contains(&fs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn unc_paths_are_network_paths() {
        assert!(is_unc(r"\\server\share\bintek.db"));
        assert!(is_unc("//server/share/bintek.db"));
        assert!(is_unc(r"\\?\UNC\server\share\bintek.db"));
        assert!(!is_unc(r"\\?\C:\Users\panitia\bintek.db"));
        assert!(!is_unc(r"\\.\PhysicalDrive0"));
        assert!(!is_unc(r"C:\Users\panitia\AppData\Roaming\bintek.db"));
        assert!(!is_unc("/home/panitia/.local/share/bintek.db"));
    }

    #[test]
    fn the_longest_mount_point_decides() {
        let mounts = "/dev/sda1 / ext4 rw 0 0\n\
                      //nas/data /mnt/kantor cifs rw 0 0\n\
                      srv:/x /mnt/kantor/lokal\\040disk ext4 rw 0 0\n\
                      srv:/home /home nfs4 rw 0 0\n";
        assert!(mount_is_network(mounts, Path::new("/mnt/kantor/bintek.db")));
        assert!(mount_is_network(mounts, Path::new("/home/u/bintek.db")));
        assert!(!mount_is_network(
            mounts,
            Path::new("/mnt/kantor/lokal disk/bintek.db")
        ));
        assert!(!mount_is_network(mounts, Path::new("/var/lib/bintek.db")));
        assert!(!mount_is_network(mounts, Path::new("/mnt/kantorx/b.db")));
    }
}
