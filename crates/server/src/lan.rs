//! LAN desk mode: who may call the Api when the server listens beyond this computer.
//!
//! - [`Access::Local`]: plain `bintek serve` on loopback. Every request is the organizer
//!   (admin); there is nothing to pair.
//! - [`Access::Lan`]: the organizer turned on desk mode. A desk pairs once with the 6-digit
//!   PIN shown on the host (`POST /api/pair {"pin","desk"}` → `{"token"}`) and sends
//!   `Authorization: Bearer TOKEN` from then on; its role is *desk*. The host's admin token
//!   (printed by `bintek serve --lan`) is the organizer. No token: 401. Five wrong PINs
//!   from one address lock pairing for that address for [`LOCKOUT`]; others can still
//!   pair (a lockout shared by all would let anyone on the network keep pairing locked).
//!   The organizer can issue a new PIN (`POST /api/lan_new_pin`, the desktop's `lan_mode`
//!   `new_pin`): the old one stops working and all lockouts are lifted. In a browser on
//!   `bintek serve --lan` the organizer opens the printed organizer address, which hands
//!   the admin token to the page in the URL's fragment (never sent to the server), and
//!   can turn desk mode off and on again (`POST /api/lan_mode {"on"}`): while it is off
//!   no desk pairs or calls (403, saying so; a paired desk keeps its token).
//!
//! Against DNS rebinding (a foreign page whose domain is made to point at this server),
//! the `Host` of every Api request must be an IP address or `localhost`: a rebinding page
//! reaches the server under its own domain name and is refused (see `host_allowed`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong PINs in a row before pairing locks.
pub const MAX_PIN_FAILURES: u32 = 5;
/// How long pairing stays locked after [`MAX_PIN_FAILURES`] wrong PINs.
pub const LOCKOUT: Duration = Duration::from_secs(5 * 60);
/// Addresses remembered before the ones with nothing against them are forgotten.
const MAX_TRACKED: usize = 1024;

/// Who may call the Api.
pub enum Access {
    /// Loopback only; every caller is the organizer.
    Local,
    /// Desk mode on the LAN: tokens required.
    Lan(Lan),
}

/// The secrets of one run of desk mode: the pairing PIN and the admin token, both new on
/// every start (desks already paired keep their tokens, which live in the database). The
/// organizer can issue a new PIN at any time ([`Lan::new_pin`]).
pub struct Lan {
    pin: Mutex<String>,
    admin_token: String,
    /// Wrong PINs per client address.
    failures: Mutex<HashMap<IpAddr, Failures>>,
    /// Desks may pair and call (the organizer can turn desk mode off without stopping
    /// the server).
    desks_on: AtomicBool,
}

#[derive(Default)]
struct Failures {
    count: u32,
    last: Option<Instant>,
    locked_until: Option<Instant>,
}

impl Failures {
    /// Still holds something against its address: a lock, or recent wrong PINs.
    fn live(&self, now: Instant) -> bool {
        self.locked_until.is_some_and(|u| now < u)
            || (self.count > 0
                && self
                    .last
                    .is_some_and(|l| now.saturating_duration_since(l) < LOCKOUT))
    }
}

/// Why a PIN was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinCheck {
    Ok,
    Wrong { left: u32 },
    Locked { wait: Duration },
}

fn random_u64() -> u64 {
    let b = uuid::Uuid::new_v4().into_bytes();
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[9], b[10]])
}

fn random_pin() -> String {
    format!("{:06}", random_u64() % 1_000_000)
}

/// Compares without an early exit, so the time taken does not reveal a prefix.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Lan {
    /// A new run of desk mode; `pin` fixes the PIN (tests), else it is random.
    pub fn new(pin: Option<&str>) -> Result<Lan, String> {
        let pin = match pin {
            Some(p) if p.len() == 6 && p.bytes().all(|b| b.is_ascii_digit()) => p.to_string(),
            Some(_) => return Err("PIN harus 6 angka.".to_string()),
            None => random_pin(),
        };
        let admin_token = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        Ok(Lan {
            pin: Mutex::new(pin),
            admin_token,
            failures: Mutex::new(HashMap::new()),
            desks_on: AtomicBool::new(true),
        })
    }

    /// Whether desks may pair and call now.
    pub fn desks_on(&self) -> bool {
        self.desks_on.load(Ordering::SeqCst)
    }

    /// Lets desks pair and call, or stops them (paired desks keep their tokens).
    pub fn set_desks_on(&self, on: bool) {
        self.desks_on.store(on, Ordering::SeqCst);
    }

    /// The PIN that pairs a desk now.
    pub fn pin(&self) -> String {
        self.pin.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Replaces the PIN with a new random one (never the same) and returns it: the old
    /// PIN stops working at once, desks already paired keep their tokens, and every
    /// address's wrong PINs and lockout are forgotten.
    pub fn new_pin(&self) -> String {
        let mut pin = self.pin.lock().unwrap_or_else(|p| p.into_inner());
        let mut fresh = random_pin();
        while fresh == *pin {
            fresh = random_pin();
        }
        *pin = fresh.clone();
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        fresh
    }

    pub fn admin_token(&self) -> &str {
        &self.admin_token
    }

    pub fn is_admin_token(&self, token: &str) -> bool {
        same(token, &self.admin_token)
    }

    /// Checks a pairing PIN from the client at `from`, counting that address's failures
    /// and locking it after too many.
    pub fn check_pin(&self, pin: &str, from: IpAddr) -> PinCheck {
        let mut all = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if all.len() >= MAX_TRACKED {
            all.retain(|_, f| f.live(now));
        }
        let f = all.entry(from).or_default();
        if let Some(until) = f.locked_until {
            if now < until {
                return PinCheck::Locked { wait: until - now };
            }
            *f = Failures::default();
        }
        if same(pin.trim(), &self.pin()) {
            f.count = 0;
            return PinCheck::Ok;
        }
        f.count += 1;
        f.last = Some(now);
        if f.count >= MAX_PIN_FAILURES {
            f.locked_until = Some(now + LOCKOUT);
            return PinCheck::Locked { wait: LOCKOUT };
        }
        PinCheck::Wrong {
            left: MAX_PIN_FAILURES - f.count,
        }
    }
}

/// Whether an Api request's `Host` header is acceptable: an IP address (a loopback one
/// when `lan` is off) or `localhost`, with or without a port. A domain name is refused:
/// that is how a DNS-rebinding page would arrive.
pub fn host_allowed(host: &str, lan: bool) -> bool {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [::1]:7878
        match rest.split_once(']') {
            Some((ip, port)) if port.is_empty() || port.starts_with(':') => ip,
            _ => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            Some(_) => return false,
            None => host,
        }
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => lan || ip.is_loopback(),
        Err(_) => false,
    }
}

/// The address a desk on the same network would use to reach this computer: the local
/// address of the route to a public address (no packet is sent). `None` without a network.
pub fn lan_ip() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:80").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_must_be_addresses_or_localhost() {
        assert!(host_allowed("127.0.0.1:7878", false));
        assert!(host_allowed("localhost:7878", false));
        assert!(host_allowed("[::1]:7878", false));
        assert!(host_allowed("LOCALHOST", false));
        assert!(!host_allowed("192.168.1.5:7878", false));
        assert!(host_allowed("192.168.1.5:7878", true));
        assert!(!host_allowed("evil.example.com:7878", false));
        assert!(!host_allowed("evil.example.com:7878", true));
        assert!(!host_allowed("127.0.0.1.nip.io:7878", true));
        assert!(!host_allowed("", false));
        assert!(!host_allowed("127.0.0.1:78x", false));
    }

    #[test]
    fn five_wrong_pins_lock_pairing_for_that_address_only() {
        let lan = Lan::new(Some("123456")).expect("lan");
        let attacker: IpAddr = [192, 168, 1, 66].into();
        let desk: IpAddr = [192, 168, 1, 20].into();
        assert_eq!(
            lan.check_pin("000000", attacker),
            PinCheck::Wrong { left: 4 }
        );
        assert_eq!(lan.check_pin("123456", attacker), PinCheck::Ok);
        for left in (1..5).rev() {
            assert_eq!(lan.check_pin("000001", attacker), PinCheck::Wrong { left });
        }
        assert!(matches!(
            lan.check_pin("000002", attacker),
            PinCheck::Locked { .. }
        ));
        assert!(matches!(
            lan.check_pin("123456", attacker),
            PinCheck::Locked { .. }
        ));
        // A real desk elsewhere on the network still pairs: once the lockout was global,
        // so anyone could keep pairing locked for everybody.
        assert_eq!(lan.check_pin("123456", desk), PinCheck::Ok);
        assert_eq!(lan.check_pin("999999", desk), PinCheck::Wrong { left: 4 });
    }

    #[test]
    fn many_addresses_do_not_grow_the_failure_table_without_bound() {
        let lan = Lan::new(Some("123456")).expect("lan");
        for i in 0..5000u32 {
            let ip: IpAddr = std::net::Ipv4Addr::from(0x0a00_0000 + i).into();
            assert_eq!(lan.check_pin("123456", ip), PinCheck::Ok);
        }
        assert!(lan.failures.lock().expect("lock").len() <= MAX_TRACKED);
    }

    #[test]
    fn pins_are_six_digits_and_tokens_differ() {
        let a = Lan::new(None).expect("lan");
        let b = Lan::new(None).expect("lan");
        assert_eq!(a.pin().len(), 6);
        assert!(a.pin().bytes().all(|c| c.is_ascii_digit()));
        assert_ne!(a.admin_token(), b.admin_token());
        assert!(a.is_admin_token(a.admin_token()));
        assert!(!a.is_admin_token(b.admin_token()));
        assert!(Lan::new(Some("12345")).is_err());
        assert!(Lan::new(Some("abcdef")).is_err());
    }
}
