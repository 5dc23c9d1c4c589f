//! LAN desk mode on a real socket and a real temp database: pairing with the PIN, tokens,
//! roles (401 without a token, 403 for a desk on an organizer's command), the PIN lockout,
//! revocation, and the Host check that stops DNS rebinding. Then a load test: six desks at
//! once, overlapping people, no error, no doubled attendance, every acknowledged check-in
//! stored; it prints its latency figures (run with --nocapture, or scripts/bench.sh).

mod common;
use common::*;

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

#[tokio::test]
async fn without_a_token_401_and_a_desk_may_only_check_in() {
    let h = lan().await;
    let (event, session, codes) = h.seed(3).await;
    let (status, v) = h.post_as("event_list", None, json!({})).await;
    assert_eq!(status, 401, "{v}");
    assert_eq!(v["error"]["code"], "unauthorized");
    let (status, v) = h
        .post_as("event_list", Some("not-a-token"), json!({}))
        .await;
    assert_eq!(status, 401, "{v}");
    let (_, who) = h.post_as("whoami", None, json!({})).await;
    assert_eq!(who, json!({"mode": "lan", "role": null, "desk": null}));

    let (status, v) = h.pair("654321", "Meja 2").await;
    assert_eq!(status, 401, "{v}");
    assert_eq!(v["error"]["field"], "pin");
    let (status, v) = h.pair("123456", "Meja 2").await;
    assert_eq!(status, 200, "{v}");
    let token = v["token"].as_str().expect("token").to_string();
    let (_, who) = h.post_as("whoami", Some(&token), json!({})).await;
    assert_eq!(
        who,
        json!({"mode": "lan", "role": "desk", "desk": "Meja 2"})
    );
    // The same name twice is refused: counts per desk must stay apart.
    let (status, v) = h.pair("123456", "meja 2").await;
    assert_eq!(status, 409, "{v}");

    // A desk: check-in commands yes, the organizer's commands 403.
    let (status, v) = h
        .post_as(
            "event_create",
            Some(&token),
            json!({"title": "X", "start_date": "2020-01-01"}),
        )
        .await;
    assert_eq!(status, 403, "{v}");
    assert_eq!(v["error"]["code"], "forbidden");
    for name in [
        "participant_list",
        "participant_export",
        "desk_list",
        "badges_pdf",
    ] {
        let (status, _) = h
            .post_as(name, Some(&token), json!({"event_id": event}))
            .await;
        assert_eq!(status, 403, "{name}");
    }
    let (status, events) = h.post_as("desk_events", Some(&token), json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(events[0]["id"], event.as_str());
    // The desk's name is written on the check-in, whatever it claims.
    let (status, v) = h
        .post_as(
            "checkin",
            Some(&token),
            json!({"event_id": event, "session_id": session, "code": codes[0], "desk": "Meja Palsu"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "checked_in");
    let (status, counts) = h
        .post_as(
            "attendance_counts",
            Some(&token),
            json!({"event_id": event, "session_id": session}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(counts["present"], 1);
    let list = h.ok("attendance_list", json!({"event_id": event})).await;
    assert_eq!(list[0]["desk"], "Meja 2");

    // The host sees the desk with its count, revokes it, and the token stops working.
    let desks = h.ok("desk_list", json!({})).await;
    assert_eq!(desks[0]["name"], "Meja 2");
    assert_eq!(desks[0]["checkins"], 1);
    h.ok("desk_revoke", json!({"id": desks[0]["id"]})).await;
    let (status, _) = h
        .post_as(
            "attendance_counts",
            Some(&token),
            json!({"event_id": event, "session_id": session}),
        )
        .await;
    assert_eq!(status, 401);
    let (_, who) = h.post_as("whoami", Some(&token), json!({})).await;
    assert_eq!(who["role"], Value::Null);
}

#[tokio::test]
async fn a_desk_undoes_another_desks_older_check_in_and_the_history_names_both() {
    let h = lan().await;
    let (event, session, codes) = h.seed(3).await;
    let mut tokens = Vec::new();
    for name in ["Meja 1", "Meja 2"] {
        let (status, v) = h.pair("123456", name).await;
        assert_eq!(status, 200, "{v}");
        tokens.push(v["token"].as_str().expect("token").to_string());
    }
    // Meja 1 checks in two people; Meja 2 undoes the first (older) one.
    let mut regs = Vec::new();
    for code in &codes[..2] {
        let (status, v) = h
            .post_as(
                "checkin",
                Some(&tokens[0]),
                json!({"event_id": event, "session_id": session, "code": code}),
            )
            .await;
        assert_eq!(status, 200, "{v}");
        regs.push(v["person"]["registration_id"].clone());
    }
    let (status, v) = h
        .post_as(
            "checkin_undo",
            Some(&tokens[1]),
            json!({"event_id": event, "session_id": session, "registration_id": regs[0], "desk": "Meja 1"}),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["desk"], "Meja 2");
    let (status, hist) = h
        .post_as(
            "attendance_history",
            Some(&tokens[1]),
            json!({"event_id": event, "registration_id": regs[0]}),
        )
        .await;
    assert_eq!(status, 200, "{hist}");
    assert_eq!(hist["entries"][0]["desk"], "Meja 1");
    assert_eq!(hist["entries"][0]["session_title"], "Materi");
    assert_eq!(hist["entries"][0]["undone_by"], "Meja 2");
    // The not-yet-arrived list has the first one again, not the second.
    let (status, absent) = h
        .post_as(
            "attendance_absent",
            Some(&tokens[1]),
            json!({"event_id": event, "session_id": session}),
        )
        .await;
    assert_eq!(status, 200, "{absent}");
    let ids: Vec<&Value> = absent["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| &p["registration_id"])
        .collect();
    assert!(ids.contains(&&regs[0]), "{absent}");
    assert!(!ids.contains(&&regs[1]), "{absent}");
    assert_eq!(absent["total"], 2);
    // Without a token: nothing.
    let (status, _) = h
        .post_as(
            "attendance_history",
            None,
            json!({"event_id": event, "registration_id": regs[0]}),
        )
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn five_wrong_pins_lock_pairing() {
    let h = lan().await;
    for _ in 0..4 {
        let (status, _) = h.pair("000000", "Meja 3").await;
        assert_eq!(status, 401);
    }
    let (status, v) = h.pair("000000", "Meja 3").await;
    assert_eq!(status, 429, "{v}");
    assert_eq!(v["error"]["code"], "too_many_attempts");
    // Now even the right PIN waits.
    let (status, v) = h.pair("123456", "Meja 3").await;
    assert_eq!(status, 429, "{v}");
    assert!(v["error"]["message"]
        .as_str()
        .expect("msg")
        .contains("menit"));
}

/// A desk may not name itself after the organizer's own doors and pass its scans off as
/// theirs; a name a live desk already has is refused too.
#[tokio::test]
async fn a_desk_cannot_take_the_organizers_name_or_another_desks() {
    let h = lan().await;
    for name in ["lan-admin", "Desktop", "CLI", " LAN Admin ", "panitia"] {
        let (status, v) = h.pair("123456", name).await;
        assert_eq!(status, 400, "{name}: {v}");
        assert_eq!(v["error"]["field"], "desk", "{name}: {v}");
        assert!(
            v["error"]["message"]
                .as_str()
                .expect("msg")
                .contains("komputer panitia"),
            "{v}"
        );
    }
    let (status, v) = h.pair("123456", "Meja 1").await;
    assert_eq!(status, 200, "{v}");
    let (status, v) = h.pair("123456", "Meja 1").await;
    assert_eq!(status, 409, "{v}");
}

#[tokio::test]
async fn pairing_is_refused_when_desk_mode_is_off() {
    let h = local().await;
    let (status, v) = h.pair("123456", "Meja 1").await;
    assert_eq!(status, 403, "{v}");
    let (_, who) = h.post_as("whoami", None, json!({})).await;
    assert_eq!(who, json!({"mode": "local", "role": "admin", "desk": null}));
}

#[tokio::test]
async fn the_organizer_turns_desk_mode_off_and_on_without_unpairing_the_desks() {
    let h = lan().await;
    let (event, session, codes) = h.seed(2).await;
    let (_, v) = h.pair("123456", "Meja 1").await;
    let token = v["token"].as_str().expect("token").to_string();
    let checkin = |code: &str| json!({"event_id": event, "session_id": session, "code": code});
    assert_eq!(
        h.ok("lan_mode", json!({})).await,
        json!({"on": true, "pin": "123456"})
    );

    // Only the organizer turns it off.
    let (status, v) = h
        .post_as("lan_mode", Some(&token), json!({"on": false}))
        .await;
    assert_eq!(status, 403, "{v}");
    assert_eq!(h.ok("lan_mode", json!({"on": false})).await["on"], false);

    // Off: the paired desk is refused with the reason (not 401: it keeps its token and
    // stays a desk), and no new desk pairs.
    let (status, v) = h.post_as("checkin", Some(&token), checkin(&codes[0])).await;
    assert_eq!(status, 403, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("sedang dimatikan oleh panitia"),
        "{v}"
    );
    let (_, who) = h.post_as("whoami", Some(&token), json!({})).await;
    assert_eq!(
        who,
        json!({"mode": "lan", "role": "desk", "desk": "Meja 1"})
    );
    let (status, v) = h.pair("123456", "Meja 2").await;
    assert_eq!(status, 403, "{v}");
    // The organizer keeps working.
    h.ok("event_list", json!({})).await;

    // On again: the same token checks in.
    assert_eq!(h.ok("lan_mode", json!({"on": true})).await["on"], true);
    let (status, v) = h.post_as("checkin", Some(&token), checkin(&codes[0])).await;
    assert_eq!(status, 200, "{v}");
    let (status, v) = h.pair("123456", "Meja 2").await;
    assert_eq!(status, 200, "{v}");

    // A bad argument is named; on plain loopback there is no desk mode to switch.
    let (status, v) = h.post("lan_mode", json!({"on": "ya"})).await;
    assert_eq!(
        (status, v["error"]["field"].as_str()),
        (400, Some("on")),
        "{v}"
    );
    let (status, v) = local().await.post("lan_mode", json!({"on": true})).await;
    assert_eq!(status, 403, "{v}");
}

#[tokio::test]
async fn a_domain_name_in_host_is_refused_against_dns_rebinding() {
    for h in [local().await, lan().await] {
        let token = h.admin.clone();
        let mut req = h
            .client
            .post(format!("{}/api/event_list", h.base))
            .header("host", "rebind.example.com")
            .json(&json!({}));
        if !token.is_empty() {
            req = req.bearer_auth(&token);
        }
        let res = req.send().await.expect("send");
        assert_eq!(res.status().as_u16(), 403);
        // A foreign page's Origin is refused too.
        let mut req = h
            .client
            .post(format!("{}/api/event_list", h.base))
            .header("origin", "http://evil.example")
            .json(&json!({}));
        if !token.is_empty() {
            req = req.bearer_auth(&token);
        }
        assert_eq!(req.send().await.expect("send").status().as_u16(), 403);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn six_desks_at_once_lose_and_double_nothing() {
    const DESKS: usize = 6;
    const EACH: usize = 500;
    const PEOPLE: usize = 400;
    let h = Arc::new(start_with(lan_access(), bintek_server::Limits::default(), true).await);
    let (event, session, codes) = h.seed(PEOPLE).await;
    let mut tokens = Vec::new();
    for d in 0..DESKS {
        let (status, v) = h.pair("123456", &format!("Meja {}", d + 1)).await;
        assert_eq!(status, 200, "{v}");
        tokens.push(v["token"].as_str().expect("token").to_string());
    }
    let codes = Arc::new(codes);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (d, token) in tokens.into_iter().enumerate() {
        let (h, codes, event, session) = (h.clone(), codes.clone(), event.clone(), session.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(EACH);
            let mut acked = Vec::new();
            for i in 0..EACH {
                // Overlapping: every desk walks the same people from a different start.
                let code = &codes[(i * 3 + d * 37) % PEOPLE];
                let t = Instant::now();
                let (status, v) = h
                    .post_as(
                        "checkin",
                        Some(&token),
                        json!({"event_id": event, "session_id": session, "code": code,
                               "nonce": format!("desk{d}-{i}")}),
                    )
                    .await;
                latencies.push(t.elapsed());
                assert_eq!(status, 200, "desk {d} scan {i}: {v}");
                acked.push(
                    v["person"]["registration_id"]
                        .as_str()
                        .expect("id")
                        .to_string(),
                );
            }
            (latencies, acked)
        }));
    }
    let mut latencies = Vec::new();
    let mut acked = std::collections::HashSet::new();
    for t in tasks {
        let (l, a) = t.await.expect("desk task");
        latencies.extend(l);
        acked.extend(a);
    }
    let wall = start.elapsed();
    latencies.sort();
    let list = bintek_core::run::<bintek_core::commands::AttendanceList>(
        h.api(),
        &bintek_core::Caller::admin("test"),
        bintek_core::checkin::AttendanceArgs {
            event_id: event.clone(),
            session_id: Some(session.clone()),
        },
    );
    let list = list.expect("list");
    let stored: std::collections::HashSet<String> =
        list.iter().map(|r| r.registration_id.clone()).collect();
    assert_eq!(stored.len(), list.len(), "no doubled attendance");
    assert_eq!(
        stored, acked,
        "every acknowledged check-in is stored, nothing else"
    );
    println!(
        "load: {DESKS} desks x {EACH} check-ins over HTTP ({} people, {} distinct): wall {:.2} s, \
         p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        PEOPLE,
        stored.len(),
        wall.as_secs_f64(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default()),
    );
}

/// Sends a request announcing `announced` bytes of body but only a few, and returns the
/// status the server answers without waiting for the rest (0 when it does not answer
/// within 3 s, as when it waits to read all that was announced).
async fn announce(h: &Host, path: &str, token: Option<&str>, announced: usize) -> u16 {
    use std::io::{Read, Write};
    let addr = h.base.trim_start_matches("http://").to_string();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    // The start of a body, `{"pin":"`, the rest never sent.
    let begun = "{\"pin\":\"";
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n{auth}\
         Content-Length: {announced}\r\n\r\n{begun}"
    );
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(3)))
            .expect("timeout");
        stream.write_all(head.as_bytes()).expect("write");
        let mut answer = [0u8; 64];
        match stream.read(&mut answer) {
            Ok(n) if n >= 12 => String::from_utf8_lossy(&answer[9..12]).parse().unwrap_or(0),
            _ => 0,
        }
    })
    .await
    .expect("join")
}

/// Before a caller is known, the server reads no big body: a 50 MB announcement to the
/// pairing door is a 413 and one without a token a 401, both at once, with nothing read
/// (once pairing parsed 72 MB bodies and three of them stalled the organizer). A paired
/// desk sends small bodies only; the organizer may still send a whole spreadsheet.
#[tokio::test]
async fn big_bodies_are_refused_before_they_are_read() {
    let h = lan().await;
    assert_eq!(announce(&h, "/api/pair", None, 50_000_000).await, 413);
    assert_eq!(announce(&h, "/api/whoami", None, 50_000_000).await, 413);
    assert_eq!(
        announce(&h, "/api/participant_import", None, 50_000_000).await,
        401
    );
    let (status, v) = h.pair("123456", "Meja 9").await;
    assert_eq!(status, 200, "{v}");
    let token = v["token"].as_str().expect("token").to_string();
    assert_eq!(
        announce(&h, "/api/checkin", Some(&token), 10_000_000).await,
        413
    );
    // The organizer's import of a big list is not refused up front (it waits for the body).
    let admin = h.admin.clone();
    assert_eq!(
        announce(&h, "/api/participant_import", Some(&admin), 10_000_000).await,
        0
    );
    // And pairing still works for a normal request.
    let (status, _) = h.pair("123456", "Meja 10").await;
    assert_eq!(status, 200);
}

/// Opens a connection to `base` from `from` (another loopback address stands for another
/// computer) and sends `head` (possibly nothing, or half a request).
async fn connect_from(base: &str, from: [u8; 4], head: &[u8]) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind(std::net::SocketAddr::from((from, 0)))
        .expect("bind");
    let to: std::net::SocketAddr = base.trim_start_matches("http://").parse().expect("addr");
    let mut stream = socket.connect(to).await.expect("connect");
    if !head.is_empty() {
        stream.write_all(head).await.expect("write");
    }
    stream
}

/// Whether the server closes `stream` within `within` (EOF or reset).
async fn closed_within(mut stream: tokio::net::TcpStream, within: Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 512];
    let until = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(until, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            // A 408 or 400 may come before the close.
            Ok(Ok(_)) => continue,
        }
    }
}

/// 1,100 idle connections from one computer, some stalled half-way through a request
/// head, do not lock anyone out: once they did (no timeout, no cap). Those over the
/// per-address cap are closed at once, the rest after the header timeout, and meanwhile
/// the organizer and a desk on another computer are answered straight away.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_stalled_connections_lock_no_one_out() {
    const FLOOD: usize = 1100;
    let limits = bintek_server::Limits {
        header_timeout: Duration::from_secs(2),
        ..Default::default()
    };
    let h = start_with(lan_access(), limits, false).await;
    let attacker = [127, 0, 0, 2];
    let mut flood = Vec::with_capacity(FLOOD);
    for i in 0..FLOOD {
        let head: &[u8] = if i % 10 == 0 {
            b"POST /api/pair HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty"
        } else {
            b""
        };
        flood.push(connect_from(&h.base, attacker, head).await);
    }

    // The organizer (this computer) is answered at once …
    let t = Instant::now();
    let (status, v) = h
        .post_as("event_list", Some(&h.admin.clone()), json!({}))
        .await;
    assert_eq!(status, 200, "{v}");
    let admin_took = t.elapsed();
    assert!(
        admin_took < Duration::from_secs(2),
        "admin took {admin_took:?}"
    );
    // … and so is a desk pairing from another computer.
    let desk = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 3]))
        .build()
        .expect("client");
    let t = Instant::now();
    let res = desk
        .post(format!("{}/api/pair", h.base))
        .json(&json!({"pin": "123456", "desk": "Meja Banjir"}))
        .send()
        .await
        .expect("pair");
    assert_eq!(res.status().as_u16(), 200);
    let pair_took = t.elapsed();
    assert!(
        pair_took < Duration::from_secs(2),
        "pairing took {pair_took:?}"
    );

    // The flood: all but the per-address cap closed at once, the rest by the timeout.
    let checks: Vec<_> = flood
        .into_iter()
        .map(|s| tokio::spawn(closed_within(s, Duration::from_millis(500))))
        .collect();
    let mut open = Vec::new();
    for c in checks {
        open.push(!c.await.expect("join"));
    }
    let still_open = open.iter().filter(|o| **o).count();
    assert!(
        still_open <= limits.max_per_address,
        "{still_open} of {FLOOD} idle connections from one address still open"
    );
    println!(
        "flood: {FLOOD} idle connections, {still_open} kept (cap {}); organizer answered in \
         {:.1} ms, a desk paired in {:.1} ms",
        limits.max_per_address,
        ms(admin_took),
        ms(pair_took)
    );
    // Those kept are closed once the header timeout has passed: half a request head,
    // nothing at all, or a finished request on a kept-alive connection that then idles.
    let mut kept = Vec::new();
    for i in 0..limits.max_per_address {
        let head: &[u8] = match i % 3 {
            0 => b"GET / HTTP/1.1\r\nHo",
            1 => b"",
            _ => b"GET /nothing.png HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        };
        kept.push(connect_from(&h.base, [127, 0, 0, 4], head).await);
    }
    let t = Instant::now();
    for s in kept {
        assert!(closed_within(s, Duration::from_secs(5)).await);
    }
    let closed_after = t.elapsed();
    assert!(
        closed_after >= Duration::from_millis(1500),
        "closed too early: {closed_after:?}"
    );
    println!(
        "stalled, silent and idle kept-alive connections closed after {:.2} s (timeout {:?})",
        closed_after.as_secs_f64(),
        limits.header_timeout
    );
}

/// A caller who is not the organizer and sends its body byte by byte (or not at all) is
/// answered 408 after the body timeout instead of holding the connection; the organizer's
/// big upload is not timed out that way.
#[tokio::test]
async fn a_stalled_small_body_is_cut_off() {
    let limits = bintek_server::Limits {
        body_timeout: Duration::from_secs(1),
        ..Default::default()
    };
    let h = start_with(lan_access(), limits, false).await;
    assert_eq!(announce(&h, "/api/pair", None, 100).await, 408);
    let (status, v) = h.pair("123456", "Meja Lambat").await;
    assert_eq!(status, 200, "{v}");
    let token = v["token"].as_str().expect("token").to_string();
    assert_eq!(announce(&h, "/api/checkin", Some(&token), 1000).await, 408);
    let admin = h.admin.clone();
    assert_eq!(
        announce(&h, "/api/participant_import", Some(&admin), 1000).await,
        0
    );
}

/// The organizer issues a new PIN: the old one stops working at once, desks already paired
/// keep working, and every address's lockout is lifted. Only the organizer may do it.
#[tokio::test]
async fn the_organizer_issues_a_new_pin() {
    let h = lan().await;
    let (status, v) = h.pair("123456", "Meja Lama").await;
    assert_eq!(status, 200, "{v}");
    let desk = v["token"].as_str().expect("token").to_string();
    // This address locks itself out.
    for _ in 0..5 {
        h.pair("000000", "Meja Baru").await;
    }
    let (status, _) = h.pair("123456", "Meja Baru").await;
    assert_eq!(status, 429);

    // Only the organizer sees and renews the PIN.
    let (status, v) = h.post_as("lan_new_pin", None, json!({})).await;
    assert_eq!(status, 401, "{v}");
    let (status, v) = h.post_as("lan_new_pin", Some(&desk), json!({})).await;
    assert_eq!(status, 403, "{v}");
    let (status, v) = h.post_as("lan_pin", Some(&desk), json!({})).await;
    assert_eq!(status, 403, "{v}");
    assert_eq!(h.ok("lan_pin", json!({})).await["pin"], "123456");

    let fresh = h.ok("lan_new_pin", json!({})).await;
    let pin = fresh["pin"].as_str().expect("pin").to_string();
    assert_eq!(pin.len(), 6);
    assert_ne!(pin, "123456");
    assert_eq!(h.ok("lan_pin", json!({})).await["pin"], pin.as_str());
    // The old PIN is refused, the lockout is gone, the new PIN pairs.
    let (status, v) = h.pair("123456", "Meja Baru").await;
    assert_eq!(status, 401, "{v}");
    let (status, v) = h.pair(&pin, "Meja Baru").await;
    assert_eq!(status, 200, "{v}");
    // The desk paired before still works.
    let (status, who) = h.post_as("whoami", Some(&desk), json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(who["desk"], "Meja Lama");
    let (status, _) = h.post_as("desk_events", Some(&desk), json!({})).await;
    assert_eq!(status, 200);
}

/// Once the organizer archives an event, a desk can neither search it nor check anyone
/// in (once it could do both, through an event id it had kept).
#[tokio::test]
async fn a_desk_cannot_use_an_archived_event() {
    let h = lan().await;
    let (event, session, codes) = h.seed(2).await;
    let (status, v) = h.pair("123456", "Meja Arsip").await;
    assert_eq!(status, 200, "{v}");
    let token = v["token"].as_str().expect("token").to_string();
    h.ok("event_archive", json!({"id": event, "archived": true}))
        .await;
    let calls = [
        ("desk_search", json!({"event_id": event, "q": "Peserta"})),
        (
            "checkin",
            json!({"event_id": event, "session_id": session, "code": codes[0]}),
        ),
        (
            "checkin_walkin",
            json!({"event_id": event, "session_id": session, "name": "Tamu Baru"}),
        ),
        (
            "checkin_undo",
            json!({"event_id": event, "session_id": session, "registration_id": "x"}),
        ),
        (
            "attendance_counts",
            json!({"event_id": event, "session_id": session}),
        ),
        ("attendance_list", json!({"event_id": event})),
        ("session_list", json!({"event_id": event})),
    ];
    for (name, args) in calls {
        let (status, v) = h.post_as(name, Some(&token), args).await;
        assert_eq!(status, 403, "{name}: {v}");
        assert!(
            v["error"]["message"]
                .as_str()
                .expect("msg")
                .contains("diarsipkan"),
            "{name}: {v}"
        );
    }
    let list = h.ok("attendance_list", json!({"event_id": event})).await;
    assert_eq!(list.as_array().expect("list").len(), 0);
    let (_, people) = h
        .post_as(
            "participant_list",
            Some(&h.admin.clone()),
            json!({"event_id": event}),
        )
        .await;
    assert_eq!(people.as_array().map(Vec::len), Some(2), "no walk-in added");
    // The organizer may still look at it.
    let (status, _) = h
        .post_as(
            "desk_search",
            Some(&h.admin.clone()),
            json!({"event_id": event, "q": "Peserta"}),
        )
        .await;
    assert_eq!(status, 200);
}
