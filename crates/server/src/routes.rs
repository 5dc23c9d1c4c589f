//! The shapes of the server's own routes (`/api/pair`, `/api/whoami`, `/api/lan_pin`,
//! `/api/lan_new_pin`, `/api/lan_mode`, `/api/backup_restore`, `/api/participant_login`,
//! `/api/participant_link`): not commands of the Api, but typed and
//! generated for the UI all the same (`ui/src/lib/routes.gen.ts`, checked by this
//! crate's test `typescript`). `/api/material_file` answers a file's bytes, not JSON, and
//! takes the commands' `MaterialIdArgs`: it has no entry here.

use bintek_core::api::NoArgs;
use bintek_core::backup::{RestoreArgs, RestoreReport};
use bintek_core::Role;
use serde::{Deserialize, Serialize};

/// Whether `bintek serve` runs for this computer only or for registration desks too.
#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Local,
    Lan,
}

/// `whoami`: the mode and who the caller is (`role: null` before a desk pairs).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct WhoAmI {
    pub mode: Mode,
    pub role: Option<Role>,
    /// The desk's name, for a paired desk.
    pub desk: Option<String>,
}

/// `pair`: the PIN shown on the organizer's screen and the name of this desk. A missing
/// one counts as a wrong PIN.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct PairArgs {
    #[serde(default)]
    pub pin: String,
    #[serde(default)]
    pub desk: String,
}

/// `pair`: the desk's token (sent as `Authorization: Bearer` from now on).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Paired {
    pub token: String,
    pub desk: bintek_core::desks::Desk,
}

/// `lan_mode`: turn desk mode on or off (`bintek serve --lan` keeps serving the organizer
/// either way); without `on`, only the state is answered.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(optional_fields = nullable)]
pub struct LanModeArgs {
    pub on: Option<bool>,
}

/// `lan_mode`: whether desks may pair and call, and the PIN that pairs them.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct LanMode {
    pub on: bool,
    pub pin: String,
}

/// `lan_pin`, `lan_new_pin`: the pairing PIN.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Pin {
    pub pin: String,
}

/// `participant_login`: the check-in code on the participant's badge. A missing one
/// counts as a wrong code.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ParticipantLoginArgs {
    #[serde(default)]
    pub code: String,
}

/// `participant_link`: the participants' page for phones on this network, and its QR
/// code (SVG); both null on a server for this computer only.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ParticipantLink {
    pub url: Option<String>,
    pub qr_svg: Option<String>,
}

/// The generated file of the routes.
pub fn typescript() -> String {
    let mut b = bintek_core::typescript::Builder::default();
    b.entry::<NoArgs, WhoAmI>("whoami", "Mode server dan siapa pemanggilnya");
    b.entry::<PairArgs, Paired>("pair", "Pasang meja registrasi dengan PIN");
    b.entry::<ParticipantLoginArgs, bintek_core::portal::ParticipantLogin>(
        "participant_login",
        "Peserta masuk dengan kode kartu",
    );
    b.entry::<NoArgs, ParticipantLink>(
        "participant_link",
        "Alamat dan kode QR halaman peserta (panitia)",
    );
    b.entry::<NoArgs, Pin>("lan_pin", "PIN pemasangan meja (panitia)");
    b.entry::<NoArgs, Pin>("lan_new_pin", "PIN pemasangan baru (panitia)");
    b.entry::<LanModeArgs, LanMode>(
        "lan_mode",
        "Nyalakan/matikan mode meja registrasi (panitia)",
    );
    b.entry::<RestoreArgs, RestoreReport>("backup_restore", "Pulihkan cadangan (panitia)");
    b.finish(
        "UPDATE_TS=1 cargo test -p bintek-server --test typescript",
        "Routes",
        false,
    )
}
