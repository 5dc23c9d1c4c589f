//! `read_workbook` and `photo::import` must not panic, whatever the bytes. They may return
//! Ok or Err.

mod common;

use std::sync::OnceLock;

use bintek_docs::sheet::read_workbook;
use proptest::prelude::*;

fn valid_xlsx() -> &'static [u8] {
    static XLSX: OnceLock<Vec<u8>> = OnceLock::new();
    XLSX.get_or_init(common::participants_xlsx)
}

fn valid_xls(padded: bool) -> &'static [u8] {
    static SMALL: OnceLock<Vec<u8>> = OnceLock::new();
    static PADDED: OnceLock<Vec<u8>> = OnceLock::new();
    if padded {
        PADDED.get_or_init(|| common::small_xls(true))
    } else {
        SMALL.get_or_init(|| common::small_xls(false))
    }
}

fn valid_ods() -> &'static [u8] {
    static ODS: OnceLock<Vec<u8>> = OnceLock::new();
    ODS.get_or_init(common::small_ods)
}

/// Applies byte flips, then maybe truncates.
fn damage(original: &[u8], flips: &[(usize, u8)], cut: Option<usize>) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for &(at, value) in flips {
        let len = bytes.len();
        if let Some(b) = bytes.get_mut(at % len) {
            *b ^= value;
        }
    }
    if let Some(cut) = cut {
        bytes.truncate(cut % (original.len() + 1));
    }
    bytes
}

fn name() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        Just(None),
        Just(Some("peserta.xlsx")),
        Just(Some("peserta.csv")),
        Just(Some("peserta.ods")),
        Just(Some("C:\\data\\x.xls")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096), name in name()) {
        let _ = read_workbook(&bytes, name);
    }

    #[test]
    fn arbitrary_zip_like(tail in prop::collection::vec(any::<u8>(), 0..4096), name in name()) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend_from_slice(&tail);
        let _ = read_workbook(&bytes, name);
    }

    #[test]
    fn arbitrary_ole_like(tail in prop::collection::vec(any::<u8>(), 0..4096)) {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.extend_from_slice(&tail);
        let _ = read_workbook(&bytes, Some("x.xls"));
    }

    #[test]
    fn arbitrary_text(text in "[a-zA-Z0-9;,\t|\"' \r\n=+-]{0,400}") {
        let _ = read_workbook(text.as_bytes(), Some("x.csv"));
    }

    #[test]
    fn damaged_xlsx(
        flips in prop::collection::vec((any::<usize>(), 1u8..=255), 0..12),
        cut in prop::option::of(any::<usize>()),
    ) {
        let bytes = damage(valid_xlsx(), &flips, cut);
        let _ = read_workbook(&bytes, Some("peserta.xlsx"));
    }

    #[test]
    fn damaged_ods(
        flips in prop::collection::vec((any::<usize>(), 1u8..=255), 0..12),
        cut in prop::option::of(any::<usize>()),
    ) {
        let bytes = damage(valid_ods(), &flips, cut);
        let _ = read_workbook(&bytes, Some("peserta.ods"));
    }

    #[test]
    fn damaged_xls(
        flips in prop::collection::vec((any::<usize>(), 1u8..=255), 0..12),
        cut in prop::option::of(any::<usize>()),
        padded in any::<bool>(),
    ) {
        let bytes = damage(valid_xls(padded), &flips, cut);
        let _ = read_workbook(&bytes, Some("peserta.xls"));
    }

    #[test]
    fn damaged_photos(
        flips in prop::collection::vec((any::<usize>(), 1u8..=255), 0..12),
        cut in prop::option::of(any::<usize>()),
    ) {
        let bytes = damage(valid_photo(), &flips, cut);
        let _ = bintek_docs::photo::import("image/jpeg", &bytes);
    }
}

fn valid_photo() -> &'static [u8] {
    static PHOTO: OnceLock<Vec<u8>> = OnceLock::new();
    PHOTO.get_or_init(|| bintek_docs::photo::sample_jpeg(320, 240, 3))
}
