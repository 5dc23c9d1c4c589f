//! Reading a command's JSON arguments into its typed `Args`, with an answer that names
//! the field and says in Bahasa Indonesia what is wrong with it.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{ApiError, ErrorCode};

/// Decodes `args` (`null` counts as `{}`) after the checks every argument gets: no
/// control characters and no huge strings anywhere (`validate::check_args`).
pub fn decode<A: DeserializeOwned>(args: Value) -> Result<A, ApiError> {
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    crate::validate::check_args(&args)?;
    serde_path_to_error::deserialize(args).map_err(|e| {
        let path = e.path().to_string();
        bad_args(&path, &e.into_inner().to_string())
    })
}

/// What serde said, as an answer: the field it is about (`person.name`,
/// `signatories[1].nip`) and a message a person can act on.
fn bad_args(path: &str, serde_text: &str) -> ApiError {
    let text = serde_text.split(" at line ").next().unwrap_or(serde_text);
    let parent = match path {
        "." | "" => String::new(),
        p => p.to_string(),
    };
    let join = |name: &str| {
        if parent.is_empty() {
            name.to_string()
        } else {
            format!("{parent}.{name}")
        }
    };
    let quoted = |s: &str| s.split('`').nth(1).unwrap_or_default().to_string();
    // A path may hold a key the caller chose (a map's key): quoted, never whole.
    let shown = crate::validate::quote(&parent);
    let (field, message) = if let Some(rest) = text.strip_prefix("unknown field ") {
        let name = quoted(rest);
        // serde path points at the unknown field itself when it is inside the struct.
        let field = if parent.ends_with(&name) {
            parent.clone()
        } else {
            join(&name)
        };
        let known = expected_list(rest);
        let hint = if known.is_empty() {
            String::new()
        } else {
            format!(" Kolom yang dikenal: {known}.")
        };
        (
            field.clone(),
            format!(
                "Kolom \"{}\" tidak dikenal untuk perintah ini.{hint}",
                crate::validate::quote(&field)
            ),
        )
    } else if let Some(rest) = text.strip_prefix("missing field ") {
        let field = join(&quoted(rest));
        let message = format!("Kolom \"{field}\" wajib diisi.");
        (field, message)
    } else if let Some(rest) = text.strip_prefix("unknown variant ") {
        let value = quoted(rest);
        let message = format!(
            "Nilai \"{}\" tidak dikenal untuk kolom \"{shown}\"; pilihan: {}.",
            crate::validate::quote(&value),
            expected_list(rest)
        );
        (parent.clone(), message)
    } else if let Some(rest) = text
        .strip_prefix("invalid type: ")
        .or_else(|| text.strip_prefix("invalid value: "))
    {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let message = format!(
            "Kolom \"{shown}\" harus berupa {}, bukan {}.",
            kind_word(want),
            kind_word(got)
        );
        (parent.clone(), message)
    } else {
        (
            parent.clone(),
            format!(
                "Data permintaan tidak valid pada \"{shown}\": {}",
                crate::validate::shorten(text, 200)
            ),
        )
    };
    ApiError {
        code: ErrorCode::InvalidArgument,
        message,
        field: (!field.is_empty()).then_some(field),
        errors: Vec::new(),
    }
}

/// `` `a`, `b` `` of serde's "expected one of `a`, `b`" as `a, b`.
fn expected_list(text: &str) -> String {
    let Some((_, list)) = text.split_once("expected ") else {
        return String::new();
    };
    list.split('`')
        .skip(1)
        .step_by(2)
        .collect::<Vec<_>>()
        .join(", ")
}

/// serde's words for a JSON kind, in Indonesian.
fn kind_word(serde: &str) -> String {
    let s = serde.trim();
    let word = if s.starts_with("integer")
        || s.starts_with("floating point")
        || s.starts_with('i') && s[1..].chars().all(|c| c.is_ascii_digit())
        || s.starts_with('u') && s[1..].chars().all(|c| c.is_ascii_digit())
    {
        "angka"
    } else if s.starts_with("a string") || s.starts_with("string") || s.starts_with("a borrowed") {
        "teks"
    } else if s.starts_with("a boolean") || s.starts_with("boolean") {
        "true/false"
    } else if s.starts_with("a sequence") || s.starts_with("sequence") {
        "daftar"
    } else if s.starts_with("map") || s.starts_with("struct") || s.starts_with("a map") {
        "objek"
    } else if s.starts_with("null") || s.starts_with("unit") {
        "kosong (null)"
    } else if s.starts_with("char") {
        "satu huruf"
    } else {
        s
    };
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        name: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Args {
        event_id: String,
        limit: Option<i64>,
        people: Option<Vec<Inner>>,
        texts: Option<std::collections::BTreeMap<String, String>>,
    }

    fn err(v: Value) -> ApiError {
        decode::<Args>(v).unwrap_err()
    }

    #[test]
    fn every_kind_of_bad_argument_names_its_field() {
        let e = err(serde_json::json!({"event_id": "e", "evnet": 1}));
        assert_eq!(e.field.as_deref(), Some("evnet"), "{e:?}");
        assert!(e.message.contains("tidak dikenal"), "{}", e.message);
        assert!(
            e.message.contains("event_id, limit, people"),
            "{}",
            e.message
        );
        let e = err(serde_json::json!({}));
        assert_eq!(e.field.as_deref(), Some("event_id"));
        assert_eq!(e.message, "Kolom \"event_id\" wajib diisi.");
        let e = err(serde_json::json!({"event_id": "e", "limit": "5"}));
        assert_eq!(e.field.as_deref(), Some("limit"));
        assert_eq!(e.message, "Kolom \"limit\" harus berupa angka, bukan teks.");
        let e = err(serde_json::json!({"event_id": "e", "people": [{"name": "a"}, {"nama": "b"}]}));
        assert_eq!(e.field.as_deref(), Some("people[1].nama"), "{e:?}");
        let e = err(serde_json::json!({"event_id": "e", "people": [{"name": 3}]}));
        assert_eq!(e.field.as_deref(), Some("people[0].name"), "{e:?}");
        assert!(decode::<Args>(Value::Null).is_err());
    }

    #[test]
    fn a_key_the_caller_chose_is_never_echoed_whole() {
        let key = "k".repeat(5_000);
        let e = err(serde_json::json!({"event_id": "e", "texts": {key.clone(): 5}}));
        assert!(e.message.chars().count() < 120, "{}", e.message);
        assert!(!e.message.contains(&key[..50]), "{}", e.message);
    }
}

#[cfg(test)]
mod flattened {
    #[test]
    fn an_unknown_field_beside_a_flattened_struct_is_refused() {
        let e = super::decode::<crate::checkin::WalkinArgs>(
            serde_json::json!({"event_id": "e", "name": "A", "nama": "B"}),
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("nama"), "{e:?}");
        let ok = super::decode::<crate::checkin::WalkinArgs>(
            serde_json::json!({"event_id": "e", "name": "A", "nip": null}),
        );
        assert!(ok.is_ok(), "{ok:?}");
    }
}
