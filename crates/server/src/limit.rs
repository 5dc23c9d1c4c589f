//! How often check-in codes may be tried on the participants' page
//! (`POST /api/participant_login`), so that a code cannot be guessed.
//!
//! A code is 6 characters of a 31-character alphabet: 31⁶ = 887,503,681 codes. One
//! address may get [`MAX_CODE_FAILURES`] codes wrong within [`CODE_WINDOW`], then it
//! waits out [`CODE_LOCKOUT`]: at most 40 guesses an hour, 960 a day. All addresses
//! together may get [`MAX_NETWORK_FAILURES`] wrong within an hour (an attacker who takes
//! many addresses), then nobody can sign in until the hour is over: at most 7,200
//! guesses a day. With 300 participants' codes valid, one guess finds one with odds of
//! 300 / 887,503,681 ≈ 1 in 2.96 million; a day of guessing at the network's whole limit
//! finds one with odds of about 1 in 410, and one address alone about 1 in 3,080 a day.
//! A right code never resets an address's count (a participant's own code would
//! otherwise let its owner keep guessing others).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong codes from one address within [`CODE_WINDOW`] before it is locked.
pub const MAX_CODE_FAILURES: u32 = 10;
/// The window wrong codes of one address are counted in.
pub const CODE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// How long an address waits after [`MAX_CODE_FAILURES`] wrong codes.
pub const CODE_LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// Wrong codes from all addresses together within [`NETWORK_WINDOW`].
pub const MAX_NETWORK_FAILURES: usize = 300;
pub const NETWORK_WINDOW: Duration = Duration::from_secs(60 * 60);
/// Addresses remembered before the ones with nothing against them are forgotten.
const MAX_TRACKED: usize = 4096;

/// Whether an address may try a code now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Allowed,
    /// This address got too many wrong.
    Locked {
        wait: Duration,
    },
    /// The whole network got too many wrong.
    NetworkLocked {
        wait: Duration,
    },
}

#[derive(Default)]
struct Address {
    /// When each wrong code of the window came.
    wrong: VecDeque<Instant>,
    locked_until: Option<Instant>,
}

#[derive(Default)]
struct State {
    addresses: HashMap<IpAddr, Address>,
    /// When each wrong code of the network's window came.
    network: VecDeque<Instant>,
}

/// The counts of wrong codes, per address and for the whole network.
#[derive(Default)]
pub struct CodeLimiter {
    state: Mutex<State>,
}

impl CodeLimiter {
    /// Whether `from` may try a code at `now`.
    pub fn check(&self, from: IpAddr, now: Instant) -> Attempt {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        while s
            .network
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= NETWORK_WINDOW)
        {
            s.network.pop_front();
        }
        if let Some(a) = s.addresses.get(&from) {
            if let Some(until) = a.locked_until.filter(|u| now < *u) {
                return Attempt::Locked { wait: until - now };
            }
        }
        if s.network.len() >= MAX_NETWORK_FAILURES {
            let oldest = s.network.front().copied().unwrap_or(now);
            return Attempt::NetworkLocked {
                wait: NETWORK_WINDOW.saturating_sub(now.saturating_duration_since(oldest)),
            };
        }
        Attempt::Allowed
    }

    /// Counts a wrong code from `from` at `now`; answers how many more it may get wrong
    /// before it is locked (0: locked now).
    pub fn wrong(&self, from: IpAddr, now: Instant) -> u32 {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.network.push_back(now);
        if s.addresses.len() >= MAX_TRACKED {
            s.addresses.retain(|_, a| {
                a.locked_until.is_some_and(|u| now < u)
                    || a.wrong
                        .back()
                        .is_some_and(|t| now.saturating_duration_since(*t) < CODE_WINDOW)
            });
        }
        let a = s.addresses.entry(from).or_default();
        if a.locked_until.is_some_and(|u| now >= u) {
            *a = Address::default();
        }
        while a
            .wrong
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= CODE_WINDOW)
        {
            a.wrong.pop_front();
        }
        a.wrong.push_back(now);
        let count = a.wrong.len() as u32;
        if count >= MAX_CODE_FAILURES {
            a.locked_until = Some(now + CODE_LOCKOUT);
            a.wrong.clear();
            return 0;
        }
        MAX_CODE_FAILURES - count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        [192, 168, 1, last].into()
    }

    #[test]
    fn ten_wrong_codes_lock_that_address_for_fifteen_minutes_only() {
        let l = CodeLimiter::default();
        let t0 = Instant::now();
        for left in (1..MAX_CODE_FAILURES).rev() {
            assert_eq!(l.check(ip(66), t0), Attempt::Allowed);
            assert_eq!(l.wrong(ip(66), t0), left);
        }
        assert_eq!(l.wrong(ip(66), t0), 0);
        assert!(matches!(l.check(ip(66), t0), Attempt::Locked { .. }));
        // Another phone on the same network still signs in.
        assert_eq!(l.check(ip(20), t0), Attempt::Allowed);
        let later = t0 + CODE_LOCKOUT;
        assert_eq!(l.check(ip(66), later), Attempt::Allowed);
        assert_eq!(l.wrong(ip(66), later), MAX_CODE_FAILURES - 1);
    }

    #[test]
    fn old_mistakes_leave_the_window() {
        let l = CodeLimiter::default();
        let t0 = Instant::now();
        for _ in 0..MAX_CODE_FAILURES - 1 {
            l.wrong(ip(7), t0);
        }
        let later = t0 + CODE_WINDOW;
        assert_eq!(l.wrong(ip(7), later), MAX_CODE_FAILURES - 1);
        assert_eq!(l.check(ip(7), later), Attempt::Allowed);
    }

    #[test]
    fn many_addresses_together_lock_the_network_for_the_rest_of_the_hour() {
        let l = CodeLimiter::default();
        let t0 = Instant::now();
        for i in 0..MAX_NETWORK_FAILURES {
            let from: IpAddr = std::net::Ipv4Addr::from(0x0a00_0000 + i as u32).into();
            assert_eq!(l.check(from, t0), Attempt::Allowed);
            l.wrong(from, t0);
        }
        assert!(matches!(
            l.check(ip(99), t0 + Duration::from_secs(60)),
            Attempt::NetworkLocked { wait } if wait == NETWORK_WINDOW - Duration::from_secs(60)
        ));
        assert_eq!(l.check(ip(99), t0 + NETWORK_WINDOW), Attempt::Allowed);
    }

    #[test]
    fn the_address_table_stays_bounded() {
        let l = CodeLimiter::default();
        let t0 = Instant::now();
        for i in 0..10_000u32 {
            let from: IpAddr = std::net::Ipv4Addr::from(0x0b00_0000 + i).into();
            l.wrong(from, t0 + CODE_WINDOW * (i / 1000));
        }
        assert!(l.state.lock().expect("lock").addresses.len() <= MAX_TRACKED);
    }
}
