//! The `TIMESTAMP` Cognito signs: `"<Ddd> <Mmm> <D> <HH>:<mm>:<ss> UTC <YYYY>"`, always
//! English, always UTC, the day of month not padded (the reference's `DateHelper`).

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A calendar date and time of day in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcDateTime {
    pub year: i64,
    /// 1..=12
    pub month: u32,
    /// 1..=31
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Sunday
    pub weekday: u32,
}

impl UtcDateTime {
    /// Splits seconds since the Unix epoch (negative allowed) into calendar fields.
    pub fn from_unix_seconds(secs: i64) -> Self {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        UtcDateTime {
            year,
            month,
            day,
            hour: rem / 3600,
            minute: rem / 60 % 60,
            second: rem % 60,
            weekday: (days + 4).rem_euclid(7) as u32,
        }
    }

    /// Seconds since the Unix epoch (saturating at the ends of `i64`; fields out of their
    /// ranges are carried over, as `Date.UTC` does).
    pub fn to_unix_seconds(&self) -> i64 {
        let secs = self.checked_unix_seconds_i128();
        i64::try_from(secs).unwrap_or(if secs < 0 { i64::MIN } else { i64::MAX })
    }

    /// Seconds since the Unix epoch, `None` when they do not fit an `i64`.
    pub fn checked_unix_seconds(&self) -> Option<i64> {
        i64::try_from(self.checked_unix_seconds_i128()).ok()
    }

    /// In `i128`, where no `i64` year and no `u32` field can overflow.
    fn checked_unix_seconds_i128(&self) -> i128 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + i128::from(self.hour) * 3600
            + i128::from(self.minute) * 60
            + i128::from(self.second)
    }
}

/// Howard Hinnant's days-from-civil inverse: (year, month, day) of a day count from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Day count from 1970-01-01 of a civil date (in `i128`: any `i64` year fits).
fn days_from_civil(year: i64, month: u32, day: u32) -> i128 {
    let year = i128::from(year);
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i128::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i128::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The Cognito timestamp for a moment given in seconds since the Unix epoch.
pub fn cognito_timestamp(unix_seconds: i64) -> String {
    let t = UtcDateTime::from_unix_seconds(unix_seconds);
    format!(
        "{} {} {} {:02}:{:02}:{:02} UTC {}",
        WEEKDAYS[t.weekday as usize],
        MONTHS[(t.month - 1) as usize],
        t.day,
        t.hour,
        t.minute,
        t.second,
        t.year
    )
}

/// RFC 3339 in UTC with whole seconds (`2006-01-02T03:04:05Z`).
pub fn rfc3339(unix_seconds: i64) -> String {
    let t = UtcDateTime::from_unix_seconds(unix_seconds);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.year, t.month, t.day, t.hour, t.minute, t.second)
}

/// Parses an RFC 3339 UTC time (`2006-01-02T03:04:05Z`, fractions of a second allowed and
/// dropped) to Unix seconds; `None` for anything else (STS's `Expiration`).
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z')?;
    let (date, time) = s.split_once('T')?;
    let time = time.split_once('.').map_or(time, |(whole, frac)| if !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()) { whole } else { "" });
    let number = |p: &str, len: usize| -> Option<u32> { (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok()).flatten() };
    let d: Vec<&str> = date.split('-').collect();
    let t: Vec<&str> = time.split(':').collect();
    let ([y, mo, da], [h, mi, se]) = (d.as_slice(), t.as_slice()) else { return None };
    let value = UtcDateTime { year: i64::from(number(y, 4)?), month: number(mo, 2)?, day: number(da, 2)?, hour: number(h, 2)?, minute: number(mi, 2)?, second: number(se, 2)?, weekday: 0 };
    if !(1..=12).contains(&value.month) || !(1..=31).contains(&value.day) || value.hour > 23 || value.minute > 59 || value.second > 59 {
        return None;
    }
    let secs = value.checked_unix_seconds()?;
    (UtcDateTime::from_unix_seconds(secs).day == value.day).then_some(secs)
}

/// Parses a Cognito timestamp back to Unix seconds; `None` unless it has exactly the
/// reference's shape (used by the emulator to check `TIMESTAMP`).
pub fn parse_cognito_timestamp(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split(' ').collect();
    let [weekday, month, day, time, utc, year] = parts.as_slice() else { return None };
    if *utc != "UTC" || day.starts_with('0') || day.len() > 2 {
        return None;
    }
    let month = MONTHS.iter().position(|m| m == month)? as u32 + 1;
    let day: u32 = day.parse().ok()?;
    let year: i64 = year.parse().ok()?;
    let hms: Vec<&str> = time.split(':').collect();
    let [h, m, sec] = hms.as_slice() else { return None };
    if [h, m, sec].iter().any(|p| p.len() != 2) {
        return None;
    }
    let (hour, minute, second): (u32, u32, u32) = (h.parse().ok()?, m.parse().ok()?, sec.parse().ok()?);
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let t = UtcDateTime { year, month, day, hour, minute, second, weekday: 0 };
    // Checked: a huge year overflowed here (found by tests/prop_date.rs).
    let secs = t.checked_unix_seconds()?;
    let check = UtcDateTime::from_unix_seconds(secs);
    if check.day != day || WEEKDAYS[check.weekday as usize] != *weekday {
        return None;
    }
    // Exactly the reference's shape: no sign, `+` or leading zeros in any number.
    (cognito_timestamp(secs) == s).then_some(secs)
}

/// The current time in seconds since the Unix epoch (JavaScript's clock in wasm).
pub fn now_unix_seconds() -> i64 {
    now_unix_millis().div_euclid(1000)
}

/// The current time in milliseconds since the Unix epoch.
#[cfg(target_arch = "wasm32")]
pub fn now_unix_millis() -> i64 {
    // `new Date()`, as the reference reads the clock: a test that replaces the Date
    // constructor (jest.spyOn(global, 'Date')) leaves no `Date.now`.
    js_sys::Date::new_0().get_time() as i64
}

/// The current time in milliseconds since the Unix epoch.
#[cfg(not(target_arch = "wasm32"))]
pub fn now_unix_millis() -> i64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_millis() as i64,
        Err(e) => -(e.duration().as_millis() as i64),
    }
}

/// The reference's `DateHelper.getNowString()`.
pub fn now_string() -> String {
    cognito_timestamp(now_unix_seconds())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_the_reference() {
        assert_eq!(cognito_timestamp(1_136_171_045), "Mon Jan 2 03:04:05 UTC 2006");
        assert_eq!(cognito_timestamp(1_546_322_769), "Tue Jan 1 06:06:09 UTC 2019");
        assert_eq!(cognito_timestamp(0), "Thu Jan 1 00:00:00 UTC 1970");
        assert_eq!(cognito_timestamp(951_782_400), "Tue Feb 29 00:00:00 UTC 2000");
    }

    #[test]
    fn rfc3339_parses_back() {
        for secs in [0, 1_136_171_045, 951_782_400, 4_102_444_799] {
            assert_eq!(parse_rfc3339(&rfc3339(secs)), Some(secs));
        }
        assert_eq!(parse_rfc3339("2006-01-02T03:04:05.123Z"), Some(1_136_171_045));
        for bad in ["", "2006-01-02T03:04:05", "2006-01-02 03:04:05Z", "2006-02-30T00:00:00Z", "2006-1-02T03:04:05Z", "2006-01-02T24:00:00Z", "2006-01-02T03:04:05.Z", "+006-01-02T03:04:05Z"] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn rfc3339_in_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_136_171_045), "2006-01-02T03:04:05Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn parses_what_it_formats_and_rejects_other_shapes() {
        for t in [0, 951_782_400, 1_136_171_045, 1_800_000_000, 4_102_444_799] {
            assert_eq!(parse_cognito_timestamp(&cognito_timestamp(t)), Some(t));
        }
        assert_eq!(parse_cognito_timestamp("Mon Jan 02 03:04:05 UTC 2006"), None);
        assert_eq!(parse_cognito_timestamp("Tue Jan 2 03:04:05 UTC 2006"), None);
        assert_eq!(parse_cognito_timestamp("Mon Jan 2 3:04:05 UTC 2006"), None);
        assert_eq!(parse_cognito_timestamp("2006-01-02T03:04:05Z"), None);
        assert_eq!(parse_cognito_timestamp(""), None);
    }

    #[test]
    fn odd_numbers_are_rejected_without_overflow() {
        // Found by tests/prop_date.rs: a year near i64::MAX overflowed the day count.
        assert_eq!(parse_cognito_timestamp("Mon Jan 2 03:04:05 UTC 9223372036854775807"), None);
        assert_eq!(parse_cognito_timestamp("Mon Jan 2 03:04:05 UTC -9223372036854775808"), None);
        for odd in ["Mon Jan +2 03:04:05 UTC 2006", "Mon Jan 2 +3:04:05 UTC 2006", "Mon Jan 2 03:04:05 UTC +2006", "Mon Jan 2 03:04:05 UTC 02006"] {
            assert_eq!(parse_cognito_timestamp(odd), None, "{odd}");
        }
        for t in [i64::MIN, i64::MAX, -62_167_219_200] {
            assert_eq!(parse_cognito_timestamp(&cognito_timestamp(t)), Some(t));
        }
    }

    #[test]
    fn now_is_recent() {
        assert!(now_unix_seconds() > 1_700_000_000);
        assert!(parse_cognito_timestamp(&now_string()).is_some());
    }
}
