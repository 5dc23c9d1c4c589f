//! The questions a new form starts with, by kind: sensible Indonesian defaults the
//! organizer edits. A test's bank starts empty (its questions are the material's own).

use super::{FormKind, QuestionInput, QuestionKind};

fn likert(aspect: &str, text: &str) -> QuestionInput {
    QuestionInput {
        kind: Some(QuestionKind::Likert),
        aspect: Some(aspect.to_string()),
        text: text.to_string(),
        options: None,
        answer: None,
    }
}

fn free(text: &str) -> QuestionInput {
    QuestionInput {
        kind: Some(QuestionKind::Text),
        aspect: None,
        text: text.to_string(),
        options: None,
        answer: None,
    }
}

pub(super) fn questions(kind: FormKind) -> Vec<QuestionInput> {
    match kind {
        FormKind::Pretest | FormKind::Posttest => Vec::new(),
        FormKind::Penyelenggaraan => vec![
            likert(
                "Persiapan",
                "Informasi dan undangan kegiatan saya terima dengan jelas dan tepat waktu.",
            ),
            likert(
                "Persiapan",
                "Pendaftaran dan registrasi peserta mudah dan cepat.",
            ),
            likert(
                "Fasilitas",
                "Ruangan kegiatan nyaman (tempat duduk, suhu udara, pencahayaan).",
            ),
            likert(
                "Fasilitas",
                "Perangkat pendukung (proyektor, pengeras suara, internet) berfungsi dengan baik.",
            ),
            likert("Jadwal", "Kegiatan dimulai dan diakhiri sesuai jadwal."),
            likert("Jadwal", "Waktu untuk setiap materi memadai."),
            likert(
                "Konsumsi",
                "Konsumsi (makan dan rehat) memadai jumlah dan mutunya.",
            ),
            likert("Panitia", "Panitia sigap dan ramah melayani peserta."),
            likert(
                "Panitia",
                "Panitia memberikan informasi yang saya butuhkan selama kegiatan.",
            ),
            free("Saran untuk penyelenggaraan kegiatan berikutnya."),
        ],
        FormKind::Narasumber => vec![
            likert(
                "Penguasaan materi",
                "Narasumber menguasai materi yang disampaikan.",
            ),
            likert(
                "Cara penyampaian",
                "Materi disampaikan dengan jelas dan mudah dipahami.",
            ),
            likert(
                "Menjawab pertanyaan",
                "Narasumber menjawab pertanyaan peserta dengan baik.",
            ),
            likert(
                "Ketepatan waktu",
                "Narasumber memulai dan mengakhiri sesi tepat waktu.",
            ),
            free("Saran untuk narasumber."),
        ],
        FormKind::Umum => vec![
            free("Apa yang paling bermanfaat dari kegiatan ini bagi pekerjaan Anda?"),
            free("Apa saran Anda untuk kegiatan serupa berikutnya?"),
        ],
    }
}
