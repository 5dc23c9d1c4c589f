//! `bintek serve`: the web UI and the Api over HTTP, on loopback or (`--lan`) for the
//! registration desks.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use bintek_core::ApiError;
use serde_json::json;

use crate::output::terminal_text;

/// `bintek serve`: checks the address and the PIN, opens the database (and backs it up
/// in the background), then serves until Ctrl+C.
pub fn serve(
    db: Option<PathBuf>,
    bind: Option<SocketAddr>,
    lan: bool,
    pin: Option<String>,
    json_mode: bool,
) -> anyhow::Result<()> {
    let bind = bind_address(bind, lan)?;
    let access = if lan {
        let l = bintek_server::Lan::new(pin.as_deref()).map_err(|m| ApiError::field("pin", m))?;
        bintek_server::Access::Lan(l)
    } else {
        bintek_server::Access::Local
    };
    let access = Arc::new(access);
    let api = Arc::new(crate::open(db)?);
    // A copy of the database as it was when the host started, in the background.
    api.backup_on_start();
    if !json_mode {
        for w in api.warnings() {
            eprintln!("Perhatian: {}", terminal_text(w));
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind).await.map_err(|e| {
            ApiError::field("bind", format!("Tidak dapat mendengarkan di {bind}: {e}"))
        })?;
        announce(listener.local_addr()?, &access, json_mode)?;
        bintek_server::serve_with(listener, api, access, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        Ok(())
    })
}

/// The address to listen on: `--bind`, else port 7878 on loopback (all interfaces with
/// `--lan`); anything but loopback only in LAN mode.
fn bind_address(bind: Option<SocketAddr>, lan: bool) -> Result<SocketAddr, ApiError> {
    let bind = bind.unwrap_or_else(|| {
        if lan {
            SocketAddr::from(([0, 0, 0, 0], 7878))
        } else {
            SocketAddr::from(([127, 0, 0, 1], 7878))
        }
    });
    if !lan && !bintek_server::is_loopback(&bind) {
        return Err(ApiError::field(
            "bind",
            format!(
                "Alamat {bind} bukan loopback. Server hanya melayani komputer ini \
                 (127.0.0.1) sampai mode LAN diaktifkan (--lan)."
            ),
        ));
    }
    Ok(bind)
}

/// Prints where the server listens (and in LAN mode the PIN and the organizer's token).
fn announce(
    addr: SocketAddr,
    access: &bintek_server::Access,
    json_mode: bool,
) -> anyhow::Result<()> {
    // The address others type: the LAN address when listening on all interfaces.
    let shown = if addr.ip().is_unspecified() {
        let ip = bintek_server::lan::lan_ip().unwrap_or(std::net::IpAddr::from([127, 0, 0, 1]));
        SocketAddr::new(ip, addr.port())
    } else {
        addr
    };
    let url = format!("http://{shown}/");
    // The organizer's browser on this computer: the admin token travels in the fragment,
    // which the browser keeps to itself (the page stores it and drops it from the address).
    let organizer_url = match &access {
        bintek_server::Access::Lan(l) => {
            let here = if addr.ip().is_unspecified() {
                SocketAddr::from(([127, 0, 0, 1], addr.port()))
            } else {
                addr
            };
            format!("http://{here}/#/panitia/{}", l.admin_token())
        }
        bintek_server::Access::Local => String::new(),
    };
    let mut out = std::io::stdout().lock();
    match access {
        bintek_server::Access::Lan(l) => {
            if json_mode {
                writeln!(
                    out,
                    "{}",
                    json!({"url": url, "listen": addr.to_string(), "pin": l.pin(),
                           "admin_token": l.admin_token(), "organizer_url": organizer_url,
                           "participant_url": format!("{url}p/")})
                )?;
            } else {
                writeln!(
                    out,
                    "Mode meja registrasi aktif di {url} (Ctrl+C untuk berhenti)"
                )?;
                writeln!(out, "PIN pemasangan meja : {}", l.pin())?;
                writeln!(out, "Token panitia       : {}", l.admin_token())?;
                writeln!(out, "Panitia (peramban di komputer ini): {organizer_url}")?;
                writeln!(out, "Halaman peserta (ponsel): {url}p/")?;
            }
        }
        bintek_server::Access::Local => {
            if json_mode {
                writeln!(out, "{}", json!({ "url": url }))?;
            } else {
                writeln!(out, "Bintek berjalan di {url} (Ctrl+C untuk berhenti)")?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
