//! QR codes for screens: the same encoder as the badges (fast_qr, error correction M),
//! written as a small SVG (e.g. the desk-mode address a phone scans from the host's screen).

use crate::badges::{encode, QUIET_ZONE};

/// `text` as an SVG QR code with its quiet zone, black on white, scaling to any size.
/// Text that does not fit in a QR code (over about 2,300 bytes) gives an SVG without
/// modules rather than a panic.
pub fn svg(text: &str) -> String {
    let qr = encode(text);
    let size = qr.as_ref().map_or(21, |q| q.size) + 2 * QUIET_ZONE;
    let mut path = String::new();
    for r in qr.iter().flat_map(|q| q.rects.iter()) {
        let (x, y) = (r.col as usize + QUIET_ZONE, r.row as usize + QUIET_ZONE);
        path.push_str(&format!("M{x} {y}h{}v{}h-{}z", r.len, r.height, r.len));
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_address_becomes_an_svg_with_modules() {
        let s = super::svg("http://192.168.1.5:7878/");
        assert!(s.starts_with("<svg"));
        assert!(
            s.contains("viewBox=\"0 0 33 33\""),
            "version 2 + quiet zone: {s}"
        );
        assert!(s.matches('M').count() > 50);
        assert!(!super::svg("").contains("M4"));
    }
}
