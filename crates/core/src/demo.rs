//! `bintek demo`: the seed story (a bintek of Diskominfo Kabupaten Grobogan, September
//! 2019) as a realistic demo database. Seeding twice changes nothing.

use crate::api::{Api, Caller};
use crate::error::ApiError;
use crate::events::EventInput;
use crate::model::Event;
use crate::store::events as q;

pub const DEMO_TITLE: &str = "Bimbingan Teknis Pengelolaan Media Sosial sebagai Aset Digital";
pub const DEMO_START: &str = "2019-09-17";

/// Seeds the demo and returns its event; an existing demo event is returned as it is.
pub fn seed(api: &Api) -> Result<Event, ApiError> {
    if let Some(e) = q::find_event_by_title_and_start(&api.conn(), DEMO_TITLE, DEMO_START)? {
        return Ok(e);
    }
    api.event_create(
        &Caller::admin("demo"),
        EventInput {
            title: DEMO_TITLE.to_string(),
            theme: Some("Media sosial sebagai aset digital pemerintah daerah".to_string()),
            organizer: Some("Dinas Komunikasi dan Informatika Kabupaten Grobogan".to_string()),
            venue: Some("Gedung Riptaloka".to_string()),
            city: Some("Purwodadi".to_string()),
            start_date: DEMO_START.to_string(),
            end_date: Some("2019-09-18".to_string()),
            legal_basis: Some(
                "Pasal 7 Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik\n\
                 Instruksi Presiden Nomor 9 Tahun 2015 tentang Pengelolaan Komunikasi Publik"
                    .to_string(),
            ),
            total_jp: Some(12),
            notes: Some(
                "Dibuka oleh Sekretaris Daerah Kabupaten Grobogan. Setiap OPD diharapkan \
                 memiliki dan mengelola akun media sosial sendiri."
                    .to_string(),
            ),
        },
    )
}
