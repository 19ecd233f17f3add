//! RFC 3339 timestamps to and from Unix seconds, without a date-time crate: the API's
//! `createdAt` ("time ago" columns), a stored session's `expiresin`.

/// Seconds since the Unix epoch of an RFC 3339 timestamp (`2024-05-01T10:00:00.123Z`,
/// `…+02:00`).
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let s = text.get(range)?;
        if !s.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (h, m) = rest[1..].split_once(':')?;
            // Two digits each: a server's `+99999999999:00` must not overflow the arithmetic.
            if h.len() != 2 || m.len() != 2 {
                return None;
            }
            sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60)
        }
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

/// Seconds since the Unix epoch of an HTTP date (a `Retry-After` or `Date` header), in the three
/// forms HTTP allows: `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete `Sunday, 06-Nov-94 08:49:37
/// GMT` and `Sun Nov  6 08:49:37 1994`.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let (day, month, year, clock) = match words.as_slice() {
        [_, day, month, year, clock, "GMT"] => (*day, *month, year.parse::<i64>().ok()?, *clock),
        [_, date, clock, "GMT"] => {
            let mut parts = date.split('-');
            let (day, month, yy) = (parts.next()?, parts.next()?, parts.next()?);
            let yy: i64 = yy.parse().ok()?;
            if parts.next().is_some() || !(0..100).contains(&yy) {
                return None;
            }
            // Two-digit years: the window RFC 9110 asks for, near enough for a retry delay.
            (
                day,
                month,
                if yy < 70 { 2000 + yy } else { 1900 + yy },
                *clock,
            )
        }
        [_, month, day, clock, year] => (*day, *month, year.parse::<i64>().ok()?, *clock),
        _ => return None,
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let day: i64 = day.parse().ok()?;
    let mut hms = clock.split(':').map(|n| {
        (n.len() == 2 && n.bytes().all(|b| b.is_ascii_digit()))
            .then(|| n.parse::<i64>().ok())
            .flatten()
    });
    let (hour, minute, second) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some()
        || !(1..=31).contains(&day)
        || !(0..=9999).contains(&year)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2025-06-01T12:00:00Z` for a Unix time (the `expiresin` a login stores).
/// When a credential that lives `expires_in` seconds from `now_unix` expires, as RFC 3339.
/// The lifetime is the server's number: it is held to 10 years, so no arithmetic on it can
/// overflow (docs/reliability.md#server-numbers); a shorter stored expiry only means an earlier
/// refresh.
pub fn expiry_after(now_unix: i64, expires_in: i64) -> String {
    const TEN_YEARS: i64 = 10 * 366 * 86_400;
    format_rfc3339_utc(now_unix.saturating_add(expires_in.clamp(0, TEN_YEARS)))
}

pub fn format_rfc3339_utc(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// How Go's `encoding/json` writes a `time.Time` the API sent (RFC 3339, fractional seconds
/// only when non-zero and without trailing zeros, `Z` for a zero offset). A missing or
/// unparsable time is Go's zero time, which is what Go prints for a field the API left out.
pub fn go_json_time(text: Option<&str>) -> String {
    const ZERO: &str = "0001-01-01T00:00:00Z";
    let Some(text) = text.filter(|t| parse_rfc3339(t).is_some()) else {
        return ZERO.to_string();
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..10]);
    out.push('T');
    out.push_str(&text[11..19]);
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        // Go keeps nanoseconds: at most nine digits.
        let kept = fraction[..digits.min(9)].trim_end_matches('0');
        if !kept.is_empty() {
            out.push('.');
            out.push_str(kept);
        }
        rest = &fraction[digits..];
    }
    match rest {
        "Z" | "z" | "+00:00" | "-00:00" => out.push('Z'),
        zone => out.push_str(zone),
    }
    out
}

/// A span in its largest whole unit: `3 days`, `1 hour`, `59 minutes` (singular fixed, where
/// Go's helper says `1 days`: docs/compatibility.md#time-ago); `None` under a minute, which each
/// caller words its own way (`Just now`, `less than a minute`).
pub fn whole_units(seconds: i64) -> Option<String> {
    let (n, unit) = match seconds {
        s if s >= 86_400 => (s / 86_400, "day"),
        s if s >= 3_600 => (s / 3_600, "hour"),
        s if s >= 60 => (s / 60, "minute"),
        _ => return None,
    };
    Some(if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn server_numbers_in_times_cannot_overflow() {
        assert_eq!(
            parse_rfc3339("2024-05-01T10:00:00+9999999999999999:00"),
            None
        );
        assert_eq!(parse_rfc3339("2024-05-01T10:00:00+1:00"), None);
        assert_eq!(
            parse_rfc3339("2024-05-01T12:00:00+02:00"),
            parse_rfc3339("2024-05-01T10:00:00Z")
        );
        assert_eq!(expiry_after(0, 3600), "1970-01-01T01:00:00Z");
        assert_eq!(expiry_after(0, -5), "1970-01-01T00:00:00Z");
        assert_eq!(
            expiry_after(i64::MAX - 10, i64::MAX),
            format_rfc3339_utc(i64::MAX)
        );
        assert!(expiry_after(0, i64::MAX).starts_with("1980-"));
    }

    use super::*;

    #[test]
    fn http_dates_in_all_three_forms() {
        let want = Some(784_111_777);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), want);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), want);
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), want);
        for bad in [
            "",
            "120",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 99999999999999999999 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn times_are_encoded_as_go_encodes_time_time() {
        let go = |t: &str| go_json_time(Some(t));
        assert_eq!(go("2024-01-02T03:04:05Z"), "2024-01-02T03:04:05Z");
        assert_eq!(go("2024-01-02T03:04:05.000Z"), "2024-01-02T03:04:05Z");
        assert_eq!(go("2024-01-02T03:04:05.120Z"), "2024-01-02T03:04:05.12Z");
        assert_eq!(
            go("2024-01-02T03:04:05.1234567891Z"),
            "2024-01-02T03:04:05.123456789Z"
        );
        assert_eq!(go("2024-01-02T03:04:05+00:00"), "2024-01-02T03:04:05Z");
        assert_eq!(
            go("2024-01-02T03:04:05.5+02:00"),
            "2024-01-02T03:04:05.5+02:00"
        );
        assert_eq!(go_json_time(None), "0001-01-01T00:00:00Z");
        assert_eq!(go("yesterday"), "0001-01-01T00:00:00Z");
    }

    #[test]
    fn epoch_arithmetic() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(
            parse_rfc3339("2026-11-25T13:00:00+02:00"),
            parse_rfc3339("2026-11-25T11:00:00Z")
        );
        assert_eq!(parse_rfc3339("2026-13-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn formats_round_trip() {
        assert_eq!(format_rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339_utc(951_868_800), "2000-03-01T00:00:00Z");
        assert_eq!(format_rfc3339_utc(1_767_225_599), "2025-12-31T23:59:59Z");
        for t in [0, 951_868_800, 1_767_225_599, 4_102_444_800] {
            assert_eq!(parse_rfc3339(&format_rfc3339_utc(t)), Some(t));
        }
    }
}
