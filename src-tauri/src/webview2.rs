//! Windows only: the window needs the Microsoft Edge WebView2 Runtime. Without it Tauri
//! would show an English error and hang; Bintek says in Indonesian what to install,
//! offers the download page, and exits.

/// Microsoft's Evergreen bootstrapper page for the WebView2 Runtime.
pub const DOWNLOAD_URL: &str = "https://go.microsoft.com/fwlink/p/?LinkId=2124703";

/// What the user reads when the runtime is missing.
pub const MISSING: &str = "Bintek tidak dapat membuka jendelanya karena Microsoft Edge \
WebView2 Runtime belum terpasang di komputer ini.\n\nPasang WebView2 Runtime (gratis dari \
Microsoft), lalu buka Bintek lagi. Data Anda tidak berubah.";

/// The installed runtime's version, or `None` when there is none.
pub fn version() -> Option<String> {
    tauri::webview_version().ok().filter(|v| !v.is_empty())
}

/// Tells the user (a message box, and stderr for logs and tests) and offers the download.
pub fn tell_missing() {
    eprintln!("{MISSING}\n{DOWNLOAD_URL}");
    let text = format!("{MISSING}\n\nBuka halaman unduhan WebView2 sekarang?");
    let answer = win_msgbox::warning::<win_msgbox::YesNo>(&text)
        .title("Bintek: WebView2 belum terpasang")
        .show();
    if matches!(answer, Ok(win_msgbox::YesNo::Yes)) {
        let _ = std::process::Command::new("explorer.exe")
            .arg(DOWNLOAD_URL)
            .spawn();
    }
}
