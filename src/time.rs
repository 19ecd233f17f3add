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
            sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60)
        }
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset)
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

#[cfg(test)]
mod tests {
    use super::*;

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
