//! The arguments and answers of the window's own Tauri commands (beside `api`, which is
//! the command table): typed here, and generated for the UI into
//! `ui/src/lib/desktop.gen.ts` (checked by this crate's test). Each command takes one
//! argument, `args`, so the UI calls `invoke(name, { args })`.

use serde::{Deserialize, Serialize};

/// `save_download`: a file the Api made, saved into Downloads under a new name.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct SaveDownloadArgs {
    pub file_name: String,
    /// The file's bytes in base64.
    pub data: String,
}

/// `print_certificates_folder`: one PDF per person into a new folder in Downloads.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct PrintFolderArgs {
    pub event_id: String,
    /// `participant` (default), `speaker`, `moderator`, `committee` or `all`.
    pub role: Option<String>,
}

/// `lan_mode`: what to do with desk mode (the LAN server of this window).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LanAction {
    Status,
    Start,
    Stop,
    /// A new pairing PIN: the old one stops working, paired desks keep theirs.
    NewPin,
}

#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct LanModeArgs {
    pub action: LanAction,
}

/// `lan_mode`: whether desk mode is on, and where desks find it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LanStatus {
    pub on: bool,
    pub url: Option<String>,
    pub pin: Option<String>,
    /// The URL as a QR code (SVG), for a phone's camera.
    pub qr_svg: Option<String>,
    /// The participants' page on the same server (`…/p/`), and its QR code.
    pub participant_url: Option<String>,
    pub participant_qr_svg: Option<String>,
}

/// `restore_backup`: the backup file to restore from (one of the backup list).
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct RestoreBackupArgs {
    pub file: String,
}

/// The generated file of the desktop's commands.
pub fn typescript() -> String {
    use bintek_core::backup::RestoreReport;
    use bintek_core::certificate_print::JobStatus;
    let mut b = bintek_core::typescript::Builder::default();
    b.entry::<SaveDownloadArgs, String>("save_download", "Simpan berkas ke folder Unduhan");
    b.entry::<PrintFolderArgs, JobStatus>(
        "print_certificates_folder",
        "Cetak sertifikat per orang ke folder baru di Unduhan",
    );
    b.entry::<LanModeArgs, LanStatus>("lan_mode", "Mode meja registrasi (server LAN)");
    b.entry::<RestoreBackupArgs, RestoreReport>("restore_backup", "Pulihkan cadangan");
    b.finish(
        "UPDATE_TS=1 cargo test -p bintek-desktop --lib",
        "Desktop",
        false,
    )
}

#[cfg(all(test, not(windows)))]
mod tests {
    /// The UI's types of these commands are what the Rust types say.
    #[test]
    fn the_generated_typescript_of_the_desktop_commands_is_the_committed_one() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/desktop.gen.ts");
        bintek_core::typescript::check_committed(
            &path,
            &super::typescript(),
            "UPDATE_TS=1 cargo test -p bintek-desktop --lib",
        )
        .unwrap();
    }
}
