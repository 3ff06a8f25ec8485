//! Reference solution for the log-stats lab: reads an access log on stdin, prints the report.
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read, Write};

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Returns (status, path, seconds) for a well-formed line, or None.
fn parse(line: &str) -> Option<(u16, &str, f64)> {
    let fields: Vec<&str> = line.split(' ').collect();
    if fields.len() != 11 || fields.iter().any(|f| f.is_empty()) {
        return None;
    }
    let (time, zone, method, target) = (fields[3], fields[4], fields[5], fields[6]);
    let (protocol, status, size, elapsed) = (fields[7], fields[8], fields[9], fields[10]);
    if !time.starts_with('[') || !zone.ends_with(']') {
        return None;
    }
    let letters = method.strip_prefix('"')?;
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    if !target.starts_with('/') {
        return None;
    }
    if !protocol.starts_with("HTTP/") || !protocol.ends_with('"') {
        return None;
    }
    if status.len() != 3 || !is_digits(status) || !(b'1'..=b'5').contains(&status.as_bytes()[0]) {
        return None;
    }
    if size != "-" && !is_digits(size) {
        return None;
    }
    let (whole, fraction) = match elapsed.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (elapsed, None),
    };
    if !is_digits(whole) {
        return None;
    }
    if let Some(fraction) = fraction {
        if fraction.len() > 3 || !is_digits(fraction) {
            return None;
        }
    }
    let path = target.split('?').next().unwrap_or(target);
    Some((status.parse().ok()?, path, elapsed.parse().ok()?))
}

fn main() -> io::Result<()> {
    let mut bytes = Vec::new();
    io::stdin().read_to_end(&mut bytes)?;
    let input = String::from_utf8_lossy(&bytes);

    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut paths: HashMap<&str, usize> = HashMap::new();
    let mut times: Vec<f64> = Vec::new();
    let mut malformed = 0;
    for raw in input.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.is_empty() {
            continue;
        }
        match parse(line) {
            Some((status, path, seconds)) => {
                *statuses.entry(status).or_insert(0) += 1;
                *paths.entry(path).or_insert(0) += 1;
                times.push(seconds);
            }
            None => malformed += 1,
        }
    }

    let mut out = String::new();
    out.push_str(&format!("requests: {}\n", times.len()));
    for (status, count) in &statuses {
        out.push_str(&format!("status {}: {}\n", status, count));
    }
    let mut busiest: Vec<(&str, usize)> = paths.into_iter().collect();
    busiest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (path, count) in busiest.iter().take(3) {
        out.push_str(&format!("path {}: {}\n", path, count));
    }
    out.push_str(&format!("malformed: {}\n", malformed));
    if times.is_empty() {
        out.push_str("p95: n/a\n");
    } else {
        times.sort_by(|a, b| a.total_cmp(b));
        let rank = (0.95 * times.len() as f64).ceil() as usize;
        out.push_str(&format!("p95: {:.3}\n", times[rank - 1]));
    }
    io::stdout().write_all(out.as_bytes())
}
